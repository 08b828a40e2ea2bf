package io.gputraining.engine.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Ends the local runtime's processes whose owning JVM is gone (killed outright, so its shutdown hook never
 * ran), by the notes in a {@link LocalProcessLedger}: each such process and what it started, SIGTERM first
 * and SIGKILL after the grace period. Notes of processes that have ended are dropped. What such a process
 * started and then left (a daemon whose parent exited) is no longer its descendant and cannot be found here;
 * only a container closes that gap.
 */
public final class LocalProcessSweeper {

    private final LocalProcessLedger ledger;
    private final Duration killGrace;

    public LocalProcessSweeper(LocalProcessLedger ledger, Duration killGrace) {
        this.ledger = ledger;
        this.killGrace = killGrace;
    }

    /**
     * Ends the orphans of this host.
     *
     * @return each process ended, as {@code pid (command)}
     * @throws UncheckedIOException when the ledger's directory cannot be read
     */
    public List<String> sweepOrphans() {
        List<LocalProcessLedger.Noted> notes;
        try {
            notes = ledger.entries();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the local runtime's process notes in " + ledger.directory(), e);
        }
        List<String> ended = new ArrayList<>();
        String host = Owner.thisProcess().host();
        for (LocalProcessLedger.Noted noted : notes) {
            LocalProcessLedger.Entry e = noted.entry();
            if (!e.process().host().equals(host) || e.owner().isAlive()) {
                continue; // another host's (a shared temp directory), or still owned
            }
            if (e.process().isAlive()) {
                ProcessHandle.of(e.process().pid()).ifPresent(p -> end(p));
                ended.add(e.process().pid() + " (" + e.command() + ")");
            }
            ledger.forget(noted.file());
        }
        return ended;
    }

    private void end(ProcessHandle root) {
        Set<ProcessHandle> tree = new LinkedHashSet<>();
        tree.add(root);
        root.descendants().forEach(tree::add);
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + killGrace.toNanos();
        while (tree.stream().anyMatch(p -> !LocalProcess.isGone(p)) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                break; // no more waiting: straight to SIGKILL
            }
        }
        tree.stream().filter(p -> !LocalProcess.isGone(p)).forEach(ProcessHandle::destroyForcibly);
    }
}
