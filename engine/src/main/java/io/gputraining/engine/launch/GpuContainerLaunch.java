package io.gputraining.engine.launch;

import io.gputraining.engine.EngineException;
import io.gputraining.engine.LogSink;
import io.gputraining.engine.ProgressListener;
import io.gputraining.engine.docker.DockerImages;
import io.gputraining.engine.gpu.GpuLease;
import io.gputraining.engine.image.PreparedImage;
import io.gputraining.engine.preflight.GpuHealthCheck;
import io.gputraining.engine.preflight.HealthCheckRequest;
import io.gputraining.engine.preflight.PreflightReport;
import io.gputraining.engine.preflight.Verdict;
import io.gputraining.engine.preflight.host.HostGpuProbe;
import io.gputraining.engine.runtime.ContainerRuntime;
import io.gputraining.engine.runtime.ContainerSpec;
import io.gputraining.engine.runtime.DetachedContainer;
import io.gputraining.engine.runtime.Labels;
import io.gputraining.engine.runtime.Mount;
import io.gputraining.engine.runtime.ReadOnlyMount;
import java.nio.file.Path;
import java.util.List;

/**
 * The one way GPU work starts: pin the image → lease the GPUs → run the preflight on exactly those GPUs → start the
 * container. Used by the training, {@code withPytorchCuda}, the freestyle wrapper and the CLI's {@code run}.
 * <p>A container that outlives this JVM (a training followed across restarts, a block's container) is handed its
 * GPUs: the lease is then the container's, and ends when its command does ({@link PreparedLaunch#startDetached}).
 * <p>The lease comes before the preflight so that the preflight judges the very GPUs the container will get, and no
 * other run can take them in between. Whatever fails on the way releases what was taken.
 */
public final class GpuContainerLaunch {

    private final ContainerRuntime runtime;
    private final DockerImages images;
    private final HostGpuProbe hostProbe;

    /**
     * @param runtime   where the containers run
     * @param images    the daemon's images, or null on the local runtime
     * @param hostProbe the host's nvidia-smi (for the GPU inventory and the preflight)
     */
    public GpuContainerLaunch(ContainerRuntime runtime, DockerImages images, HostGpuProbe hostProbe) {
        this.runtime = runtime;
        this.images = images;
        this.hostProbe = hostProbe;
    }

    /**
     * Pins the image, leases the GPUs and runs the preflight on them.
     *
     * @return the launch, holding the GPUs until closed
     * @throws PreflightFailedException when the preflight says FAIL; the GPUs are released then
     * @throws InterruptedException     when interrupted; nothing is held then
     */
    public PreparedLaunch prepare(LaunchRequest request, LogSink log, ProgressListener progress) throws InterruptedException {
        long started = System.nanoTime();
        PreparedImage image = ensureImage(request, log, progress);
        long imageDone = System.nanoTime();
        GpuLease lease = new HostGpuLeases(hostProbe, Path.of(request.gpuLockDirectory()))
                .lease(request.gpus(), request.gpuWait(), request.owner(), log);
        try {
            PreflightReport preflight = preflight(request, image, lease, log);
            return new PreparedLaunch(runtime, request, image, lease, preflight, millis(started, imageDone),
                    millis(imageDone, System.nanoTime()));
        } catch (RuntimeException | InterruptedException | Error e) {
            lease.close();
            throw e;
        }
    }

    /**
     * Starts the long-lived container of a block ({@code withPytorchCuda}, the freestyle wrapper): prepared as
     * {@link #prepare} does, kept alive by {@code sleep infinity}, every command of the block run in it as an exec. It
     * is labelled with {@code sessionId}, outlives this JVM and holds its GPUs itself ({@link PreparedLaunch#startDetached}),
     * so that the block's commands find it again by that id after an agent reconnect or a controller restart
     * ({@link BlockContainer#find}). The read-only mounts are checked on this host first, before anything is pulled or
     * leased.
     *
     * @return the container; removing it ends the block's commands and frees the GPUs
     */
    public BlockContainer start(ContainerBlockRequest request, String sessionId, LogSink log, ProgressListener progress)
            throws InterruptedException {
        request.mounts().forEach(ReadOnlyMount::checkOnThisHost);
        try (PreparedLaunch launch = prepare(request.launch(), log, progress)) {
            List<String> gpus = launch.lease().deviceIds();
            ContainerSpec.Builder spec = launch.containerSpec()
                    .command("sleep", "infinity")
                    .mount(Mount.samePath(request.workspace()))
                    .mount(Mount.samePath(request.tempDirectory()))
                    .workingDir(request.workspace())
                    .networkMode(request.network())
                    .shmSizeBytes(request.shmSize().effectiveBytes())
                    .label(Labels.SESSION, sessionId);
            request.mounts().forEach(m -> spec.mount(m.toMount()));
            DetachedContainer started = launch.startDetached(spec.build(), true, log);
            BlockContainer container = new BlockContainer(started, launch.image(), gpus);
            log.message("Started container " + shortId(started.id()) + " of "
                    + (launch.image() == null ? "the host" : launch.image().describe()) + " with GPU(s) "
                    + (gpus.isEmpty() ? "none" : String.join(", ", gpus)));
            return container;
        }
    }

    private static String shortId(String id) {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }

    /**
     * A health check of its own ({@code gpuHealthCheck}, {@code gpu-training health}): leases the GPUs it will load with
     * its matmul and all-reduce (waiting like a training does, or only the idle ones when the request says so), checks
     * exactly those, and releases them. Where the host's GPUs cannot be read there is nothing to lease: the check runs
     * as asked, and its report says why.
     *
     * @return the report, whatever its verdict
     * @throws io.gputraining.engine.gpu.GpuLeaseTimeoutException when the GPUs stayed held by others (every GPU asked
     *                                                            for, when only idle ones are checked)
     */
    public PreflightReport check(HealthCheckRequest request, LogSink log, ProgressListener progress) throws InterruptedException {
        try (GpuLease lease = leaseForCheck(request, log)) {
            HealthCheckRequest onLeased = lease.isEmpty() ? request : request.toBuilder().gpus(lease.toGpuRequest()).build();
            return new GpuHealthCheck(runtime, images, hostProbe).run(onLeased, log, progress);
        }
    }

    private GpuLease leaseForCheck(HealthCheckRequest request, LogSink log) throws InterruptedException {
        HostGpuLeases leases = new HostGpuLeases(hostProbe, Path.of(request.gpuLockDirectory()));
        try {
            return request.idleGpusOnly() ? leases.leaseIdle(request.gpus(), request.owner(), log)
                    : leases.lease(request.gpus(), request.gpuWait(), request.owner(), log);
        } catch (NoGpusToLeaseException e) {
            log.message("No GPUs leased for the check: the host's GPUs cannot be read; the report says why.");
            return GpuLease.empty();
        }
    }

    private PreparedImage ensureImage(LaunchRequest request, LogSink log, ProgressListener progress) throws InterruptedException {
        if (images == null) {
            return null;
        }
        if (request.image() == null) {
            throw new EngineException("Work in a container needs an image: give the pinned PyTorch image, e.g."
                    + " registry/pytorch@sha256:…, or use the local runtime when the host itself is the image.");
        }
        return images.ensure(request.image(), log, progress);
    }

    private PreflightReport preflight(LaunchRequest request, PreparedImage image, GpuLease lease, LogSink log)
            throws InterruptedException {
        if (request.preflight() == null) {
            log.message("Preflight skipped, as asked.");
            return null;
        }
        HealthCheckRequest check = HealthCheckRequest.builder()
                .image(request.image())
                .gpus(lease.toGpuRequest())
                .policy(request.preflight())
                .python(request.python())
                .owner(request.owner())
                .user(request.user())
                .keepEvidence(false)
                .build();
        PreflightReport report = new GpuHealthCheck(runtime, images, hostProbe).run(check, image, log);
        if (report.overall() == Verdict.Level.FAIL) {
            throw new PreflightFailedException(report);
        }
        log.message("Preflight " + report.overall() + " on GPU(s) " + gpus(lease));
        return report;
    }

    private static String gpus(GpuLease lease) {
        return lease.isEmpty() ? "none" : String.join(", ", lease.deviceIds());
    }

    private static long millis(long fromNanos, long toNanos) {
        return (toNanos - fromNanos) / 1_000_000;
    }
}
