package io.gputraining.reliability.aborts;

import io.gputraining.engine.docker.ContainerSweeper;
import io.gputraining.engine.runtime.LocalProcessSweeper;
import io.gputraining.engine.runtime.LocalRuntime;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * One abort of the CLI: start it, wait for the aimed-at phase, wait a little more, send the signal; then
 * sweep and check the {@link AbortInvariants}. The phase recorded is the one the run was really in when the
 * signal went out (or {@code end} when it had finished by then).
 *
 * @param scenario what the CLI was asked to do
 * @param signal   how it is stopped
 * @param aim      the phase to land in
 * @param delay    how long after the phase began
 * @param registry where a training registers
 */
record CliAbortTrial(CliScenario scenario, AbortSignal signal, Phase aim, Duration delay, TrialRegistry registry) {

    private static final Duration PHASE_WAIT = Duration.ofMinutes(3);
    private static final Duration EXIT_WAIT = Duration.ofSeconds(60);
    private static final Duration SETTLE = Duration.ofMillis(1500);

    /** @param sweeper the sweeper of the scenario's daemon */
    TrialResult run(Path parent, ContainerSweeper sweeper) throws Exception {
        List<String> problems = new ArrayList<>();
        PhaseTracker tracker = new PhaseTracker(scenario.phases());
        try (TrialSite site = TrialSite.create(parent);
             ChildCli cli = ChildCli.start(scenario.args(site, registry), scenario.environment(site, registry), site.javaTmp(), tracker)) {
            long pid = cli.pid();
            if (!tracker.awaitReached(aim, PHASE_WAIT) && cli.isAlive()) {
                problems.add("never reached " + aim.name() + " within " + PHASE_WAIT.toMinutes() + " min: " + tracker.tail());
            }
            sleepWhileAlive(cli, delay);
            String hit;
            if (cli.isAlive()) {
                hit = tracker.current();
                signal.send(pid);
            } else {
                hit = "end";
            }
            Optional<Integer> exit = cli.awaitExit(EXIT_WAIT);
            if (exit.isEmpty()) {
                problems.add("still running " + EXIT_WAIT.toSeconds() + " s after " + signal);
                cli.close();
            } else if (hit.equals("end") && exit.get() != scenario.exitWhenLeftAlone()) {
                problems.add("ended on its own with exit " + exit.get() + ", not " + scenario.exitWhenLeftAlone() + ": " + tracker.tail());
            }
            Swept swept = sweepAsGcWould(sweeper, site, pid);
            AbortInvariants.Findings found = AbortInvariants.check(scenario.daemon(), c -> c.createdBy(pid), site, registry);
            problems.addAll(found.problems());
            if (hit.equals("end") && scenario.registers() && found.versions() != 1) {
                problems.add("a run that ended well left " + found.versions() + " versions, not 1");
            }
            if (found.versions() > 1) {
                problems.add(found.versions() + " versions from one run");
            }
            String detail = "aimed at " + aim.name() + " +" + delay.toMillis() + " ms, exit " + exit.map(String::valueOf).orElse("none")
                    + ", " + swept + ", versions " + found.versions();
            String what = scenario.registers() ? scenario.label() + "/" + registry.label() : scenario.label();
            return new TrialResult(what + ": " + signal + " in " + hit, problems, detail);
        }
    }

    /** What a sweep removed: containers on its first pass and on its second, local processes. */
    private record Swept(int containers, int late, int processes) {
        @Override
        public String toString() {
            return "swept " + containers + " container(s)" + (late == 0 ? "" : " (+" + late + " created after the first sweep)")
                    + " and " + processes + " process(es)";
        }
    }

    /** What {@code gpu-training gc} does, scoped to this trial: its CLI's orphaned containers, its local processes. */
    private static Swept sweepAsGcWould(ContainerSweeper sweeper, TrialSite site, long pid) throws InterruptedException {
        Predicate<ContainerSweeper.ManagedContainer> orphaned = c -> c.ownerProcess().map(o -> o.pid() == pid && !o.isAlive()).orElse(false);
        int containers = sweeper.sweep(orphaned).size();
        int processes = new LocalProcessSweeper(site.processLedger(), LocalRuntime.DEFAULT_KILL_GRACE).sweepOrphans().size();
        // A create the CLI sent just before it died is finished by the daemon afterwards, possibly after the
        // sweep above; gc in real use runs later than milliseconds after a crash, so a second pass once the
        // daemon has settled is what it would see. The figures count what only the second pass found.
        Thread.sleep(SETTLE.toMillis());
        return new Swept(containers, sweeper.sweep(orphaned).size(), processes);
    }

    private static void sleepWhileAlive(ChildCli cli, Duration delay) throws InterruptedException {
        long end = System.nanoTime() + delay.toNanos();
        while (cli.isAlive() && System.nanoTime() < end) {
            Thread.sleep(Math.max(1, Math.min(2, (end - System.nanoTime()) / 1_000_000)));
        }
    }
}
