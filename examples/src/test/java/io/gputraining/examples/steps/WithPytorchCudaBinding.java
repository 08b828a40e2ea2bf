package io.gputraining.examples.steps;

import groovy.lang.Closure;
import io.gputraining.engine.ProgressListener;
import io.gputraining.engine.docker.DockerEndpoint;
import io.gputraining.engine.docker.DockerImages;
import io.gputraining.engine.docker.DockerRuntime;
import io.gputraining.engine.gpu.GpuAllocator;
import io.gputraining.engine.gpu.GpuLease;
import io.gputraining.engine.image.ImageRef;
import io.gputraining.engine.image.ImageRequest;
import io.gputraining.engine.image.ManifestDigestResolver;
import io.gputraining.engine.image.PreparedImage;
import io.gputraining.engine.preflight.GpuHealthCheck;
import io.gputraining.engine.preflight.HealthCheckRequest;
import io.gputraining.engine.preflight.PreflightReport;
import io.gputraining.engine.preflight.Verdict;
import io.gputraining.engine.preflight.host.HostGpuInventory;
import io.gputraining.engine.runtime.ContainerSession;
import io.gputraining.engine.runtime.ContainerSpec;
import io.gputraining.engine.runtime.GpuRequest;
import io.gputraining.engine.runtime.HostUser;
import io.gputraining.engine.runtime.Mount;
import io.gputraining.engine.train.GpuIds;
import io.gputraining.examples.pipeline.Build;
import io.gputraining.examples.pipeline.PipelineFailure;
import io.gputraining.examples.pipeline.PipelineStep;
import io.gputraining.examples.pipeline.StepCall;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code withPytorchCuda(image: …) { sh … }} on the engine, as the plugin's {@code ContainerStart} runs it on the
 * agent: pin the image, lease the GPUs, preflight them, start one long-lived container (workspace and its
 * {@code @tmp} mounted at their own paths, the agent's uid:gid), run each {@code sh} of the body as an exec in it,
 * and remove the container and release the lease however the body ends.
 */
final class WithPytorchCudaBinding implements PipelineStep {

    /** The step's parameters, as its class declares them. */
    static final List<String> PARAMETERS = List.of("image", "gpus", "preflight", "network", "lockDirectory", "gpuWaitMinutes",
            "requirePinned");

    private final GpuTrainingSettings settings;

    WithPytorchCudaBinding(GpuTrainingSettings settings) {
        this.settings = settings;
    }
    static final String GPUS_VARIABLE = "GPU_TRAINING_GPUS";
    static final String IMAGE_VARIABLE = "GPU_TRAINING_IMAGE";

    @Override
    public Object run(StepCall call, Build build) throws Exception {
        StepArguments args = StepArguments.of(call, PARAMETERS);
        String image = args.requiredString("image");
        GpuRequest gpus = GpuRequest.parse(args.string("gpus", "1"));
        boolean preflight = args.bool("preflight", true);
        String network = args.string("network", "none");
        Path lockDirectory = Path.of(args.string("lockDirectory", "/tmp/gpu-training-locks"));
        Duration gpuWait = Duration.ofMinutes(Math.max(0, args.integer("gpuWaitMinutes", 0)));
        boolean requirePinned = args.bool("requirePinned", false) || settings.requirePinned();
        Closure<?> body = call.requireBody();
        Path workspace = build.workspace();
        Path temp = Files.createDirectories(workspace.resolveSibling(workspace.getFileName() + "@tmp"));

        try (DockerRuntime runtime = DockerRuntime.connect(DockerEndpoint.fromEnvironment(build.env().all()))) {
            DockerImages images = new DockerImages(runtime.client(), ManifestDigestResolver.withDefaults());
            PreparedImage pinned = images.ensure(new ImageRequest(ImageRef.parse(image), requirePinned, null), build.log(), ProgressListener.ignoring());
            try (GpuLease lease = lease(gpus, lockDirectory, gpuWait, build)) {
                if (preflight) {
                    preflight(runtime, images, pinned, lease, build);
                } else {
                    build.log().message("Preflight skipped, as asked (preflight: false).");
                }
                try (ContainerSession session = runtime.start(spec(pinned, lease, network, workspace, temp, build), build.log())) {
                    build.log().message("Started container " + session.id().substring(0, 12) + " of " + pinned.pinned()
                            + " with GPU(s) " + (lease.isEmpty() ? "none" : String.join(", ", lease.deviceIds())));
                    build.env().put(GPUS_VARIABLE, String.join(",", lease.deviceIds()));
                    build.env().put(IMAGE_VARIABLE, pinned.pinned().toString());
                    try {
                        return build.withShell(new ContainerShell(session), body::call);
                    } finally {
                        build.env().put(GPUS_VARIABLE, null);
                        build.env().put(IMAGE_VARIABLE, null);
                    }
                }
            }
        }
    }

    private static GpuLease lease(GpuRequest request, Path lockDirectory, Duration wait, Build build) throws InterruptedException {
        if (request.wantsNone()) {
            return GpuLease.empty();
        }
        HostGpuInventory inventory = StepRuntime.hostProbe(build).probe();
        List<String> uuids = inventory.gpus().stream().map(g -> g.uuid()).toList();
        GpuLease lease = new GpuAllocator(lockDirectory, uuids)
                .acquire(GpuIds.toUuids(request, inventory), wait, StepRuntime.owner(build), build.log());
        build.log().message("Leased GPU(s) " + String.join(", ", lease.deviceIds()));
        return lease;
    }

    private static void preflight(DockerRuntime runtime, DockerImages images, PreparedImage image, GpuLease lease, Build build)
            throws InterruptedException {
        HealthCheckRequest request = HealthCheckRequest.builder().image(new ImageRequest(image.pinned(), false, null))
                .gpus(lease.toGpuRequest()).owner(StepRuntime.owner(build)).user(HostUser.current()).keepEvidence(false).build();
        PreflightReport report = new GpuHealthCheck(runtime, images, StepRuntime.hostProbe(build))
                .run(request, build.log(), ProgressListener.ignoring());
        if (report.overall() == Verdict.Level.FAIL) {
            throw new PipelineFailure("GPU preflight failed, so the container was not started: "
                    + report.failed().stream().map(v -> v.check() + " (" + v.summary() + ")").collect(Collectors.joining("; "))
                    + ". Fix the agent or the image, or pass preflight: false to skip the check.");
        }
    }

    private static ContainerSpec spec(PreparedImage image, GpuLease lease, String network, Path workspace, Path temp, Build build) {
        return ContainerSpec.builder(image.daemonReference())
                .command("sleep", "infinity")
                .mount(Mount.samePath(workspace.toString()))
                .mount(Mount.samePath(temp.toString()))
                .workingDir(workspace.toString())
                .user(HostUser.current())
                .gpus(lease.toGpuRequest())
                .networkMode(network)
                .owner(StepRuntime.owner(build))
                .env(GPUS_VARIABLE, String.join(",", lease.deviceIds()))
                .env(IMAGE_VARIABLE, image.pinned().toString())
                .build();
    }
}
