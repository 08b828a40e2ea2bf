package io.gputraining.engine.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Ends the local runtime's processes whose owning JVM is gone (killed outright, so its shutdown hook never
 * ran), by the notes in a {@link LocalProcessLedger}: each such process and what it started, SIGTERM first
 * and SIGKILL after the grace period. Notes of processes that have ended are dropped. What such a process
 * started and then left (a daemon whose parent exited) is no longer its descendant and cannot be found here;
 * only a container closes that gap. The notes' directory is shared by every user of the host, so a process
 * is ended only when it runs as the user who wrote its note: {@code gc} run as root never ends another user's
 * process on a note somebody planted.
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
                Optional<ProcessHandle> process = ProcessHandle.of(e.process().pid());
                if (process.isPresent() && !sameUser(process.get(), noted.file())) {
                    continue; // the ledger is world-writable: a note never gets another user's process ended
                }
                process.ifPresent(this::end);
                ended.add(e.process().pid() + " (" + e.command() + ")");
            }
            ledger.forget(noted.file());
        }
        return ended;
    }

    /** Whether the process runs as the user who wrote its note; unknown counts as no. */
    private static boolean sameUser(ProcessHandle process, Path note) {
        try {
            String writer = Files.getOwner(note).getName();
            return process.info().user().map(writer::equals).orElse(false);
        } catch (IOException e) {
            return false;
        }
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
