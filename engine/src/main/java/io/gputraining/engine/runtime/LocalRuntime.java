package io.gputraining.engine.runtime;

import io.gputraining.engine.LogSink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link ContainerRuntime} for agents that already are the GPU image (Kubernetes pods, machines with
 * PyTorch installed and no Docker): commands run directly on the host as child processes of this JVM.
 *
 * <p>What carries over from the spec: command, environment (added to the JVM's), working directory
 * (default: the JVM's), and the GPU request as {@code CUDA_VISIBLE_DEVICES}: none sets it to the empty
 * string, device ids set it to the ids, all leaves it as the host has it. A GPU <em>count</em> is refused:
 * only a lease knows which GPUs are free, so ask {@code GpuAllocator} to turn the count into device ids.
 * A user other than the agent's own is refused. Image, mounts, shm size, IPC mode, ulimits, memory limit
 * and network cannot apply; one message says which of them were set to something other than the defaults.
 * Note that the default network {@code none} is not enforced: host processes use the host's network.
 *
 * <p>As with a container, nothing outlives its owner: when a command's main process exits, the processes
 * it left running are ended; an interrupt, {@link LocalSession#close()} or {@link #close()} ends the whole
 * process tree (SIGTERM, then SIGKILL after the grace period), and so does the JVM's shutdown (SIGTERM,
 * Ctrl-C, {@code System.exit}) through a shutdown hook, since the caller's {@code finally} does not run then.
 * A JVM killed outright (SIGKILL) ends nothing itself: each process is noted in a {@link LocalProcessLedger}
 * while it runs, and {@link LocalProcessSweeper} ({@code gpu-training gc}) ends those whose JVM is gone.
 */
public final class LocalRuntime implements ContainerRuntime {

    /** How long processes get between SIGTERM and SIGKILL unless told otherwise. */
    public static final Duration DEFAULT_KILL_GRACE = Duration.ofSeconds(10);

    private final Duration killGrace;
    private final LocalProcessLedger ledger;
    private final LocalUser user = LocalUser.current();
    private final String host = Owner.hostName();
    private final Set<LocalProcess> running = ConcurrentHashMap.newKeySet();
    private final Set<LocalSession> sessions = ConcurrentHashMap.newKeySet();
    private final AtomicLong sessionCount = new AtomicLong();
    private final Thread shutdownHook = new Thread(this::close, "gpu-training local runtime reaper");
    private boolean closed;

    /** A runtime giving processes {@link #DEFAULT_KILL_GRACE} to stop. */
    public LocalRuntime() {
        this(DEFAULT_KILL_GRACE);
    }

    /** A runtime giving processes {@code killGrace} between SIGTERM and SIGKILL. */
    public LocalRuntime(Duration killGrace) {
        this(killGrace, new LocalProcessLedger(LocalProcessLedger.defaultDirectory()));
    }

    /**
     * A runtime giving processes {@code killGrace} between SIGTERM and SIGKILL, noting them in {@code ledger}
     * while they run (for {@link LocalProcessSweeper}, should this JVM be killed outright).
     */
    public LocalRuntime(Duration killGrace, LocalProcessLedger ledger) {
        if (Objects.requireNonNull(killGrace, "killGrace").isNegative()) {
            throw new IllegalArgumentException("kill grace must not be negative, was " + killGrace);
        }
        this.killGrace = killGrace;
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        // A killed JVM's children are not killed with it: without this, a CLI stopped by Ctrl-C or SIGTERM
        // would leave its training running on GPUs whose lease the exit has just released.
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Runs the spec's command on this host to exit, streaming its stdout and stderr to {@code sink}.
     * The result's container id is {@code local:<pid>}; {@code oomKilled} is always false (no cgroup of our
     * own to ask).
     *
     * @throws LocalSettingRefusedException when the spec has no command, another user, or a GPU count
     * @throws LocalProcessException        when the command cannot be started here
     * @throws InterruptedException         after ending the whole process tree
     */
    @Override
    public RunResult run(ContainerSpec spec, LogSink sink) throws InterruptedException {
        LocalLaunch launch = LocalLaunch.forRun(spec, user);
        ensureOpen();
        IgnoredSettings.message(spec).ifPresent(sink::message);
        long startNanos = System.nanoTime();
        try (LocalFiles files = LocalFiles.write(spec.files())) {
            LocalProcess process;
            // Started and registered under the lock, so close() either prevents the start or sees the process.
            synchronized (this) {
                ensureOpen();
                process = LocalProcess.start(launch.command(), launch.env(), launch.workingDir(), sink, killGrace, ledger);
                running.add(process);
            }
            try {
                int exitCode = process.waitFor();
                return new RunResult(exitCode, false, "local:" + process.pid(), Duration.ofNanos(System.nanoTime() - startNanos));
            } finally {
                running.remove(process);
            }
        }
    }

    /**
     * Opens a session whose {@code exec} calls run on this host with the spec's settings. Nothing starts
     * now: the spec's command (a container's keep-alive) is not needed and not run.
     *
     * @throws LocalSettingRefusedException when the spec asks for another user or a GPU count
     */
    @Override
    public ContainerSession start(ContainerSpec spec, LogSink sink) throws InterruptedException {
        LocalLaunch.checkSpec(spec, user);
        IgnoredSettings.message(spec).ifPresent(sink::message);
        String id = "local:" + host + "/" + ProcessHandle.current().pid() + "/session-" + sessionCount.incrementAndGet();
        LocalFiles files = LocalFiles.write(spec.files());
        LocalSession session = new LocalSession(id, spec, user, killGrace, ledger, closed -> {
            sessions.remove(closed);
            files.close();
        });
        synchronized (this) {
            if (this.closed) {
                files.close();
            }
            ensureOpen();
            sessions.add(session);
        }
        return session;
    }

    @Override
    public String describe() {
        return "local (no container): host " + host;
    }

    @Override
    public RuntimeFacts facts() {
        return new RuntimeFacts(describe(), false, List.of(), CdiSupport.none("no container: CUDA_VISIBLE_DEVICES names the GPUs"));
    }

    /** GPUs reach the host process through {@code CUDA_VISIBLE_DEVICES}; a count is refused, as {@link #run} refuses it. */
    @Override
    public GpuAccess gpuAccess(GpuRequest gpus) {
        if (gpus.wantsNone()) {
            return GpuAccess.none();
        }
        return new GpuAccess(GpuAccess.Mode.VISIBLE_DEVICES, CudaVisibleDevices.valueFor(gpus).map(List::of).orElse(List.of("all")));
    }

    /** Ends every command still running and closes every open session. Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        new ArrayList<>(running).forEach(LocalProcess::kill);
        new ArrayList<>(sessions).forEach(LocalSession::close);
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // called by the hook itself, or the JVM is going down: the hook does (or did) this same work
        }
    }

    private synchronized void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("This local runtime is closed; create a new one.");
        }
    }
}
