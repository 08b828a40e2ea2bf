package io.gputraining.reliability.aborts;

import io.gputraining.engine.docker.DockerConnectInterruptedException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One {@code Thread.interrupt} of a training flow in this JVM, as a Jenkins abort reaches a step: the flow
 * runs in a thread of its own, is interrupted in the aimed-at phase, and must end promptly, either with an
 * {@link InterruptedException} or, when the interrupt came after the version was registered, normally with
 * the interrupt flag still set (never swallowed); while it connects to the daemon, with
 * {@code DockerConnectInterruptedException} and the flag set. Then the {@link AbortInvariants}, with no sweeper: the
 * owning JVM lives on, so whatever the flow started must already be gone.
 */
record FlowInterruptTrial(FlowScenario scenario, Phase aim, Duration delay, TrialRegistry registry) {

    private static final Duration PHASE_WAIT = Duration.ofMinutes(3);
    private static final Duration END_WAIT = Duration.ofSeconds(60);
    /** How a flow may answer an interrupt; anything else (an error blaming something else) loses the trial. */
    private static final Set<String> ANSWERS = Set.of("interrupted", "interrupted while connecting", "returned, interrupt flag set");

    TrialResult run(Path parent) throws Exception {
        List<String> problems = new ArrayList<>();
        PhaseTracker tracker = new PhaseTracker(scenario.phases());
        AtomicReference<String> ending = new AtomicReference<>();
        AtomicLong returnedAt = new AtomicLong(Long.MAX_VALUE);
        try (TrialSite site = TrialSite.create(parent)) {
            String owner = "abort-flow-" + site.id();
            Thread flow = flowThread(site, owner, tracker, ending, returnedAt);
            flow.start();
            if (!tracker.awaitReached(aim, PHASE_WAIT) && flow.isAlive()) {
                problems.add("never reached " + aim.name() + " within " + PHASE_WAIT.toMinutes() + " min: " + tracker.tail());
            }
            long end = System.nanoTime() + delay.toNanos();
            while (flow.isAlive() && System.nanoTime() < end) {
                Thread.sleep(1);
            }
            String phase = tracker.current();
            long interruptedAt = System.nanoTime();
            flow.interrupt();
            flow.join(END_WAIT.toMillis());
            long tookMillis = (System.nanoTime() - interruptedAt) / 1_000_000;
            if (flow.isAlive()) {
                problems.add("the flow still runs " + END_WAIT.toSeconds() + " s after the interrupt: " + tracker.tail());
                flow.join(); // it must end before its directories go; a hang runs into the test's timeout
            }
            String how = ending.get();
            // Sent after the flow had returned, the interrupt only reached a thread on its way out.
            String hit = interruptedAt > returnedAt.get() ? "end" : phase;
            if (hit.equals("end") ? !how.startsWith("returned") : !ANSWERS.contains(how)) {
                problems.add("the flow " + how + " (interrupt in " + hit + ")" + (how.startsWith("threw") ? "" : ": " + tracker.tail()));
            }
            AbortInvariants.Findings found = AbortInvariants.check(scenario.daemon(), c -> c.owner().equals(owner), site, registry);
            problems.addAll(found.problems());
            if (how.startsWith("returned") && found.versions() != 1) {
                problems.add("the flow returned a version but the registry holds " + found.versions());
            }
            String detail = "aimed at " + aim.name() + " +" + delay.toMillis() + " ms, " + how + " " + tookMillis
                    + " ms after the interrupt, versions " + found.versions();
            return new TrialResult(scenario.label() + "/" + registry.label() + ": interrupt in " + hit, problems, detail);
        }
    }

    /** The flow in a thread of its own, which notes how it ended in {@code ending}, and when it returned. */
    private Thread flowThread(TrialSite site, String owner, PhaseTracker tracker, AtomicReference<String> ending,
                              AtomicLong returnedAt) {
        return new Thread(() -> {
            try {
                scenario.run(site, registry, owner, new TrackingSink(tracker));
                returnedAt.set(System.nanoTime()); // before the flag is read: an interrupt sent earlier must show
                ending.set(Thread.currentThread().isInterrupted() ? "returned, interrupt flag set" : "returned");
            } catch (InterruptedException e) {
                ending.set("interrupted");
            } catch (DockerConnectInterruptedException e) {
                // Opening the runtime, as the plugin does inside the step: connect() cannot throw InterruptedException.
                ending.set(Thread.currentThread().isInterrupted() ? "interrupted while connecting" : "threw " + e + ", interrupt flag cleared");
            } catch (Throwable e) {
                ending.set("threw " + e);
            } finally {
                tracker.ended();
            }
        }, "flow-" + site.id());
    }
}
