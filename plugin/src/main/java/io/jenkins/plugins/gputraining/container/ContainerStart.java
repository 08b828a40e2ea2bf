package io.jenkins.plugins.gputraining.container;

import hudson.AbortException;
import hudson.model.TaskListener;
import io.gputraining.engine.LogSink;
import io.gputraining.engine.ProgressListener;
import io.gputraining.engine.docker.DockerImages;
import io.gputraining.engine.docker.DockerRuntime;
import io.gputraining.engine.gpu.GpuAllocator;
import io.gputraining.engine.gpu.GpuLease;
import io.gputraining.engine.image.DockerConfigCredentials;
import io.gputraining.engine.image.ImageRef;
import io.gputraining.engine.image.ImageRequest;
import io.gputraining.engine.image.ManifestDigestResolver;
import io.gputraining.engine.image.PreparedImage;
import io.gputraining.engine.preflight.GpuHealthCheck;
import io.gputraining.engine.preflight.HealthCheckRequest;
import io.gputraining.engine.preflight.PreflightReport;
import io.gputraining.engine.preflight.Verdict;
import io.gputraining.engine.preflight.host.GpuInfo;
import io.gputraining.engine.preflight.host.HostGpuInventory;
import io.gputraining.engine.preflight.host.HostGpuProbe;
import io.gputraining.engine.runtime.ContainerSession;
import io.gputraining.engine.runtime.ContainerSpec;
import io.gputraining.engine.runtime.GpuRequest;
import io.gputraining.engine.train.GpuIds;
import io.gputraining.engine.runtime.HostUser;
import io.gputraining.engine.runtime.Mount;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import jenkins.security.MasterToSlaveCallable;

/**
 * Runs on the agent: pins the image, leases the GPUs, runs the preflight on them, starts the long-lived
 * container and keeps it in {@link OpenContainers}. Whatever fails on the way releases what was taken.
 */
final class ContainerStart extends MasterToSlaveCallable<StartedContainer, Exception> {

    private static final long serialVersionUID = 1L;

    private final ContainerOptions options;
    private final TaskListener listener;

    ContainerStart(ContainerOptions options, TaskListener listener) {
        this.options = options;
        this.listener = listener;
    }

    @Override
    public StartedContainer call() throws Exception {
        LogSink log = new ListenerSink(listener);
        HostGpuProbe hostProbe = HostGpuProbe.onPath(System.getenv("PATH"));
        DockerRuntime runtime = DockerRuntime.connect(options.docker());
        GpuLease lease = GpuLease.empty();
        try {
            DockerImages images = new DockerImages(runtime.client(), ManifestDigestResolver.withDefaults(),
                    DockerConfigCredentials.of(options.dockerConfig()));
            PreparedImage image = images.ensure(new ImageRequest(ImageRef.parse(options.image()), options.requirePinned(), null), log,
                    ProgressListener.ignoring());
            lease = lease(GpuRequest.parse(options.gpus()), hostProbe, log);
            if (options.preflight()) {
                preflight(runtime, images, hostProbe, image, lease, log);
            } else {
                log.message("Preflight skipped, as asked (preflight: false).");
            }
            ContainerSession session = runtime.start(spec(image, lease), log);
            String id = options.sessionId();
            OpenContainers.onThisAgent().add(id, new OpenContainer(runtime, session, lease));
            log.message("Started container " + shortId(session.id()) + " of " + image.pinned() + " with GPU(s) "
                    + (lease.isEmpty() ? "none" : String.join(", ", lease.deviceIds())));
            return new StartedContainer(id, session.id(), image.pinned().toString(), lease.deviceIds());
        } catch (Exception | Error e) {
            lease.close();
            runtime.close();
            throw e;
        }
    }

    private GpuLease lease(GpuRequest request, HostGpuProbe hostProbe, LogSink log) throws InterruptedException {
        if (request.wantsNone()) {
            return GpuLease.empty();
        }
        HostGpuInventory inventory = hostProbe.probe();
        List<String> uuids = inventory.gpus().stream().map(GpuInfo::uuid).toList();
        GpuLease lease = new GpuAllocator(Path.of(options.lockDirectory()), uuids)
                .acquire(GpuIds.toUuids(request, inventory), Duration.ofSeconds(options.gpuWaitSeconds()), options.owner(), log);
        log.message("Leased GPU(s) " + String.join(", ", lease.deviceIds()));
        return lease;
    }

    private void preflight(DockerRuntime runtime, DockerImages images, HostGpuProbe hostProbe, PreparedImage image,
                           GpuLease lease, LogSink log) throws InterruptedException, AbortException {
        HealthCheckRequest request = HealthCheckRequest.builder().image(new ImageRequest(image.pinned(), false, null))
                .gpus(lease.toGpuRequest()).owner(options.owner()).user(HostUser.current()).keepEvidence(false).build();
        PreflightReport report = new GpuHealthCheck(runtime, images, hostProbe).run(request, log, ProgressListener.ignoring());
        if (report.overall() == Verdict.Level.FAIL) {
            throw new AbortException("GPU preflight failed, so the container was not started: "
                    + report.failed().stream().map(v -> v.check() + " (" + v.summary() + ")").collect(Collectors.joining("; "))
                    + ". Fix the agent or the image, or pass preflight: false to skip the check.");
        }
        log.message("Preflight " + report.overall() + " on GPU(s) "
                + (lease.isEmpty() ? "none" : String.join(", ", lease.deviceIds())));
    }

    private ContainerSpec spec(PreparedImage image, GpuLease lease) {
        return ContainerSpec.builder(image.daemonReference())
                // The container only has to stay up: every step of the body runs in it as its own exec.
                .command("sleep", "infinity")
                .mount(Mount.samePath(options.workspace()))
                .mount(Mount.samePath(options.tempDirectory()))
                .workingDir(options.workspace())
                .user(HostUser.current())
                .gpus(lease.toGpuRequest())
                .networkMode(options.network())
                .owner(options.owner())
                .env(ContainerVariables.GPUS, String.join(",", lease.deviceIds()))
                .env(ContainerVariables.IMAGE, image.pinned().toString())
                .build();
    }

    private static String shortId(String id) {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }
}
