package io.gputraining.engine.runtime;

import io.gputraining.engine.LogSink;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One host process started by the {@link LocalRuntime}, with its output pumped to a sink, treated the way a
 * container treats its main process: when it ends, or when the wait for it is interrupted, everything it
 * started ends too.
 *
 * <p>Children are found with {@link ProcessHandle#descendants()}, which only sees processes whose parent
 * chain still leads here. So the wait notes descendants as it goes, and a kill collects them before it
 * signals anyone. A process that forks and lets its parent exit between two looks can still escape; only a
 * container (or a PID namespace) closes that gap.
 */
final class LocalProcess {

    /** How often a waiting thread looks for new descendants (each look reads all of /proc). */
    private static final long WATCH_MILLIS = 500;
    /** How long to wait for processes to vanish after SIGKILL before giving up on them. */
    private static final Duration AFTER_FORCE = Duration.ofSeconds(5);
    /** How long output may keep flowing after the process tree is gone (a pipe held by an escaped process). */
    private static final Duration OUTPUT_DRAIN = Duration.ofSeconds(5);

    private final Process process;
    private final ProcessOutputPump stdout;
    private final ProcessOutputPump stderr;
    private final LogSink sink;
    private final Duration killGrace;
    private final Set<ProcessHandle> seenDescendants = ConcurrentHashMap.newKeySet();
    private final LocalProcessLedger ledger;
    private final Path note;

    private LocalProcess(Process process, LogSink sink, Duration killGrace, LocalProcessLedger ledger, Path note) {
        this.process = process;
        this.sink = sink;
        this.killGrace = killGrace;
        this.ledger = ledger;
        this.note = note;
        String name = "local-" + process.pid();
        this.stdout = ProcessOutputPump.start(name + "-stdout", process.getInputStream(), LogSink.OutputStreamKind.STDOUT, sink);
        this.stderr = ProcessOutputPump.start(name + "-stderr", process.getErrorStream(), LogSink.OutputStreamKind.STDERR, sink);
    }

    /**
     * Starts {@code command} in {@code workingDir} with this JVM's environment plus {@code env}. Stdin is
     * closed at once, as for {@code docker run} without {@code -i}. The process is noted in {@code ledger} until
     * its tree has ended, so that {@code gpu-training gc} can end it should this JVM be killed outright.
     *
     * @throws LocalProcessException when the program or the directory does not exist or cannot be used
     */
    static LocalProcess start(List<String> command, Map<String, String> env, Path workingDir, LogSink sink,
                              Duration killGrace, LocalProcessLedger ledger) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDir.toFile());
        builder.environment().putAll(env);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new LocalProcessException("Could not start '" + command.get(0) + "' in " + workingDir + " on this host: "
                    + e.getMessage() + ". Check that the program is installed here (this agent runs commands "
                    + "without a container) and that the working directory exists.", e);
        }
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // The process already closed its end; nothing would have been written anyway.
        }
        Path note = null;
        try {
            note = ledger.note(process.toHandle(), command);
        } catch (IOException e) {
            sink.message("Local runtime: could not note process " + process.pid() + " in " + ledger.directory() + " (" + e
                    + "); should this JVM be killed outright, 'gpu-training gc' will not find the process to end it.");
        }
        return new LocalProcess(process, sink, killGrace, ledger, note);
    }

    long pid() {
        return process.pid();
    }

    /**
     * Waits for the process to exit, ends what it left running, waits for its output to be delivered, and
     * returns its exit status (128 + signal number when a signal ended it).
     *
     * @throws InterruptedException after killing the whole process tree, when the thread is interrupted
     * @throws LocalProcessException when the sink failed to take the output (the process has ended)
     */
    int waitFor() throws InterruptedException {
        try {
            while (!process.waitFor(WATCH_MILLIS, TimeUnit.MILLISECONDS)) {
                noteDescendants();
            }
            // Like a container whose main process ended: what it left in the background goes too.
            terminate(aliveOf(seenDescendants));
            forgetNote();
            awaitOutput();
        } catch (InterruptedException | RuntimeException | Error e) {
            kill();
            throw e;
        }
        RuntimeException failure = stdout.sinkFailure().or(stderr::sinkFailure).orElse(null);
        if (failure != null) {
            throw new LocalProcessException("The log sink failed while taking the output of process " + pid()
                    + ": " + failure + ". The process ran to the end; its remaining output was dropped.", failure);
        }
        return process.exitValue();
    }

    /**
     * Ends the process and every descendant: SIGTERM first, SIGKILL to those still there after the grace
     * period. Safe from any thread and more than once. Keeps going when interrupted (then SIGKILLs at once
     * and leaves the interrupt flag set), because a half-done kill is what would leave processes behind.
     */
    void kill() {
        Set<ProcessHandle> tree = new LinkedHashSet<>();
        tree.add(process.toHandle());
        tree.addAll(seenDescendants);
        process.descendants().forEach(tree::add);
        terminate(aliveOf(tree));
        forgetNote();
        stdout.abandon();
        stderr.abandon();
    }

    private void forgetNote() {
        if (note != null) {
            ledger.forget(note);
        }
    }

    private void noteDescendants() {
        seenDescendants.removeIf(h -> isGone(h));
        process.descendants().forEach(seenDescendants::add);
    }

    private void terminate(List<ProcessHandle> victims) {
        if (victims.isEmpty()) {
            return;
        }
        // Parents first: a shell whose child dies would go on to its next command.
        victims.forEach(ProcessHandle::destroy);
        // Children forked while we signalled.
        Set<ProcessHandle> all = new LinkedHashSet<>(victims);
        for (ProcessHandle v : victims) {
            v.descendants().filter(all::add).forEach(ProcessHandle::destroy);
        }
        boolean interrupted = Thread.interrupted();
        if (!interrupted) {
            interrupted = !awaitGone(all, killGrace);
        }
        List<ProcessHandle> stubborn = aliveOf(all);
        if (!stubborn.isEmpty()) {
            sink.message("Local runtime: " + describe(stubborn) + (interrupted ? " still running; " : " did not end within "
                    + killGrace.toMillis() + " ms of SIGTERM; ") + "sending SIGKILL.");
            stubborn.forEach(ProcessHandle::destroyForcibly);
        }
        boolean interruptedAgain = !awaitGone(all, AFTER_FORCE);
        List<ProcessHandle> left = aliveOf(all);
        if (!left.isEmpty()) {
            sink.message("Local runtime: " + describe(left) + " did not end after SIGKILL; check them on this host.");
        }
        if (interrupted || interruptedAgain) {
            Thread.currentThread().interrupt();
        }
    }

    /** Polls until all are gone or the time is up; false when interrupted (flag cleared). */
    private static boolean awaitGone(Set<ProcessHandle> handles, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!aliveOf(handles).isEmpty() && System.nanoTime() - deadline < 0) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return false;
            }
        }
        return true;
    }

    private void awaitOutput() throws InterruptedException {
        boolean ended = stdout.awaitEnd(OUTPUT_DRAIN);
        ended = stderr.awaitEnd(ended ? OUTPUT_DRAIN : Duration.ofMillis(1)) && ended;
        if (!ended) {
            sink.message("Local runtime: process " + pid() + " has ended but its output is still held open by a "
                    + "process that left its process tree; stopped reading it.");
            stdout.abandon();
            stderr.abandon();
        }
    }

    /** {@code process(es) 12 (sleep 60), 13 (python train.py)} for messages. */
    private static String describe(List<ProcessHandle> handles) {
        StringBuilder s = new StringBuilder(handles.size() == 1 ? "process " : "processes ");
        for (ProcessHandle h : handles) {
            if (s.charAt(s.length() - 1) != ' ') {
                s.append(", ");
            }
            s.append(h.pid()).append(h.info().commandLine().map(c -> " (" + c + ")").orElse(""));
        }
        return s.toString();
    }

    private static List<ProcessHandle> aliveOf(Set<ProcessHandle> handles) {
        List<ProcessHandle> alive = new ArrayList<>();
        for (ProcessHandle h : handles) {
            if (!isGone(h)) {
                alive.add(h);
            }
        }
        return alive;
    }

    /**
     * Gone means not running: a zombie counts as gone, since its parent (maybe PID 1 of a container that does
     * not reap) decides when it disappears, and it holds no resources a job cares about.
     */
    static boolean isGone(ProcessHandle h) {
        if (!h.isAlive()) {
            return true;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(h.pid()), "stat"));
            int close = stat.lastIndexOf(')');
            return close >= 0 && close + 2 < stat.length() && stat.charAt(close + 2) == 'Z';
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
