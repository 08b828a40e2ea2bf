package io.gputraining.engine.launch;

import io.gputraining.engine.LogSink;
import io.gputraining.engine.gpu.GpuLease;
import io.gputraining.engine.gpu.GpuLeaseHandover;
import io.gputraining.engine.image.PreparedImage;
import io.gputraining.engine.preflight.PreflightReport;
import io.gputraining.engine.runtime.ContainerRuntime;
import io.gputraining.engine.runtime.ContainerSession;
import io.gputraining.engine.runtime.ContainerSpec;
import io.gputraining.engine.runtime.DetachedContainer;
import io.gputraining.engine.runtime.DetachedContainers;
import io.gputraining.engine.runtime.RunResult;
import java.time.Duration;

/**
 * A pinned image and leased GPUs that passed their preflight, ready for containers: what
 * {@link GpuContainerLaunch#prepare} gives. Holds the GPUs until {@link #close()}.
 */
public final class PreparedLaunch implements AutoCloseable {

    /** The leased GPUs' UUIDs, comma-separated, in the container's environment; empty for none. */
    public static final String GPUS_VARIABLE = "GPU_TRAINING_GPUS";
    /** The pinned image reference (with its digest) in the container's environment. */
    public static final String IMAGE_VARIABLE = "GPU_TRAINING_IMAGE";

    /** How long a started container may take to hold its GPUs: its image's Python must start. */
    private static final Duration TAKEOVER_LIMIT = Duration.ofSeconds(60);

    private final ContainerRuntime runtime;
    private final LaunchRequest request;
    private final PreparedImage image;
    private final GpuLease lease;
    private final PreflightReport preflight;
    private final long imageMillis;
    private final long preflightMillis;

    PreparedLaunch(ContainerRuntime runtime, LaunchRequest request, PreparedImage image, GpuLease lease, PreflightReport preflight,
                   long imageMillis, long preflightMillis) {
        this.runtime = runtime;
        this.request = request;
        this.image = image;
        this.lease = lease;
        this.preflight = preflight;
        this.imageMillis = imageMillis;
        this.preflightMillis = preflightMillis;
    }

    /** The pinned image; null on the local runtime. */
    public PreparedImage image() {
        return image;
    }

    /** The leased GPUs; empty when none were asked for. */
    public GpuLease lease() {
        return lease;
    }

    /** The preflight's report, without its raw evidence; null when the preflight was skipped. */
    public PreflightReport preflight() {
        return preflight;
    }

    /** How long making the image present took. */
    public long imageMillis() {
        return imageMillis;
    }

    /** How long the lease (waiting included) and the preflight took. */
    public long preflightMillis() {
        return preflightMillis;
    }

    /**
     * A container of the pinned image with exactly the leased GPUs, run as the request's user and labelled with its
     * owner, told its GPUs and image in {@link #GPUS_VARIABLE} and {@link #IMAGE_VARIABLE}. The caller adds the
     * command, mounts, network and limits.
     */
    public ContainerSpec.Builder containerSpec() {
        return ContainerSpec.builder(image == null ? "local" : image.daemonReference())
                .gpus(lease.toGpuRequest())
                .user(request.user())
                .owner(request.owner())
                .env(GPUS_VARIABLE, String.join(",", lease.deviceIds()))
                .env(IMAGE_VARIABLE, image == null ? "" : image.pinned().toString());
    }

    /** Runs a container to its end, as {@link ContainerRuntime#run} does. */
    public RunResult run(ContainerSpec spec, LogSink log) throws InterruptedException {
        return runtime.run(spec, log);
    }

    /** Starts a long-lived container, as {@link ContainerRuntime#start} does; the caller closes it before this. */
    public ContainerSession start(ContainerSpec spec, LogSink log) throws InterruptedException {
        return runtime.start(spec, log);
    }

    /**
     * Starts a container that outlives this JVM and holds the leased GPUs itself ({@link GpuHoldingCommand}): once it
     * runs, the lease is handed over to it, and this launch holds nothing any more. The GPUs are then free again
     * exactly when the container's main process ends, whoever removes the container, and whatever becomes of this JVM.
     *
     * @param session true for a container that waits for execs, false for one that runs its command to its end
     * @throws NotDetachableException when the runtime cannot start such containers (the local runtime)
     * @throws InterruptedException   when interrupted; the container is removed and the GPUs released then
     */
    public DetachedContainer startDetached(ContainerSpec spec, boolean session, LogSink log) throws InterruptedException {
        if (!(runtime instanceof DetachedContainers detached)) {
            throw new NotDetachableException("The " + runtime.describe() + " cannot start work that outlives the process that"
                    + " started it; use a container runtime (Docker or Podman) for it.");
        }
        if (lease.isEmpty()) {
            return detached.startDetached(spec, session, log);
        }
        try (GpuLeaseHandover handover = GpuLeaseHandover.begin(lease)) {
            DetachedContainer container = detached.startDetached(GpuHoldingCommand.wrap(spec, handover.lockFiles(), request.python()),
                    session, log);
            try {
                handover.awaitTakeover(TAKEOVER_LIMIT, () -> container.state().running());
                handover.complete(request.owner() + " (container " + shortId(container.id()) + ")");
                return container;
            } catch (RuntimeException | InterruptedException | Error e) {
                container.remove();
                throw e;
            }
        }
    }

    private static String shortId(String id) {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }

    /** Releases the GPUs, unless they were handed over to a container. */
    @Override
    public void close() {
        lease.close();
    }
}
