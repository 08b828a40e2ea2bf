package io.gputraining.engine.runtime;

import io.gputraining.engine.LogSink;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * A {@link ContainerSession} of the {@link LocalRuntime}: nothing runs between commands; each
 * {@link #exec} starts a new host process with the session's settings, and {@link #close} ends the ones
 * still running.
 */
final class LocalSession implements ContainerSession {

    private final String id;
    private final ContainerSpec spec;
    private final LocalUser user;
    private final Duration killGrace;
    private final LocalProcessLedger ledger;
    private final Consumer<LocalSession> onClose;
    private final Set<LocalProcess> running = ConcurrentHashMap.newKeySet();
    private boolean closed;

    LocalSession(String id, ContainerSpec spec, LocalUser user, Duration killGrace, LocalProcessLedger ledger,
                 Consumer<LocalSession> onClose) {
        this.id = id;
        this.spec = spec;
        this.user = user;
        this.killGrace = killGrace;
        this.ledger = ledger;
        this.onClose = onClose;
    }

    @Override
    public String id() {
        return id;
    }

    /**
     * Runs {@code exec.command()} on the host with the session's environment plus the exec's, in the exec's
     * working directory (relative ones from the session's), and returns its exit status.
     *
     * @throws LocalSettingRefusedException when the exec asks for another user
     * @throws IllegalStateException        when the session is closed
     */
    @Override
    public int exec(ExecSpec exec, LogSink sink) throws InterruptedException {
        LocalLaunch launch = LocalLaunch.forExec(spec, exec, user);
        LocalProcess process;
        // Started and registered under the lock, so close() either prevents the start or sees the process.
        synchronized (this) {
            ensureOpen();
            process = LocalProcess.start(launch.command(), launch.env(), launch.workingDir(), sink, killGrace, ledger);
            running.add(process);
        }
        try {
            return process.waitFor();
        } finally {
            running.remove(process);
        }
    }

    /** Writes the file on the host, which is what the commands of this session see; it stays after the session. */
    @Override
    public void copyIn(FileToCopy file) {
        ensureOpen();
        LocalFiles.write(List.of(file));
    }

    /** Copies a host path (relative ones from the session's working directory) into {@code hostDirectory}. */
    @Override
    public void copyOut(String containerPath, Path hostDirectory) throws InterruptedException {
        ensureOpen();
        LocalCopy.copy(LocalLaunch.sessionDirectory(spec).resolve(containerPath), hostDirectory);
    }

    /** Kills the commands still running (their whole process trees). Idempotent. */
    @Override
    public void close() {
        List<LocalProcess> toKill;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            toKill = new ArrayList<>(running);
        }
        toKill.forEach(LocalProcess::kill);
        onClose.accept(this);
    }

    private synchronized void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("Session " + id + " is closed; start a new one.");
        }
    }
}
