package io.gputraining.examples.steps;

import io.gputraining.engine.ProgressListener;
import io.gputraining.engine.image.ImageRef;
import io.gputraining.engine.image.ImageRequest;
import io.gputraining.engine.preflight.GpuHealthCheck;
import io.gputraining.engine.preflight.HealthCheckRequest;
import io.gputraining.engine.preflight.PreflightPolicy;
import io.gputraining.engine.preflight.PreflightReport;
import io.gputraining.engine.preflight.Verdict;
import io.gputraining.engine.runtime.ContainerRuntime;
import io.gputraining.engine.runtime.GpuRequest;
import io.gputraining.examples.pipeline.Build;
import io.gputraining.examples.pipeline.PipelineFailure;
import io.gputraining.examples.pipeline.PipelineStep;
import io.gputraining.examples.pipeline.StepCall;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code gpuHealthCheck} on the engine, with the parameters, defaults, verdict handling and return value of the
 * plugin's {@code GpuHealthCheckStep} and {@code HealthCheckRun}: FAIL fails the build naming the failed checks,
 * WARN marks it unstable when {@code unstableOnWarn}, and the script gets the report as a map.
 */
final class GpuHealthCheckBinding implements PipelineStep {

    /** The step's parameters, as its class declares them. */
    static final List<String> PARAMETERS = List.of("image", "gpus", "minGpus", "allowCpuFallback", "minFreeMemoryMiB",
            "maxTemperatureC", "requireIdle", "allowMig", "skipAllReduce", "requirePinned", "runtime", "unstableOnWarn", "python");

    private final GpuTrainingSettings settings;

    GpuHealthCheckBinding(GpuTrainingSettings settings) {
        this.settings = settings;
    }

    @Override
    public Object run(StepCall call, Build build) throws InterruptedException {
        StepArguments args = StepArguments.of(call, PARAMETERS);
        PreflightPolicy defaults = PreflightPolicy.defaults();
        PreflightPolicy policy = PreflightPolicy.builder().minGpus(args.integer("minGpus", defaults.minGpus()))
                .allowCpuFallback(args.bool("allowCpuFallback", defaults.allowCpuFallback()))
                .minFreeMemoryMiB(args.number("minFreeMemoryMiB", defaults.minFreeMemoryMiB()))
                .maxTemperatureC(args.integer("maxTemperatureC", defaults.maxTemperatureC()))
                .requireIdle(args.bool("requireIdle", defaults.requireIdle()))
                .allowMig(args.bool("allowMig", defaults.allowMig()))
                .allReduceRequired(!args.bool("skipAllReduce", !defaults.allReduceRequired())).build();
        StepRuntime runtime = StepRuntime.of(args.string("runtime", "docker"));
        String image = args.string("image", null);
        if (runtime.isDocker() && image == null) {
            throw new PipelineFailure("gpuHealthCheck needs an image on Docker: give the pinned PyTorch image the training uses"
                    + " (image: 'registry/pytorch@sha256:...'), or runtime: 'local' when the agent itself is the image.");
        }
        boolean requirePinned = args.bool("requirePinned", false) || settings.requirePinned();
        HealthCheckRequest request = HealthCheckRequest.builder()
                .image(runtime.isDocker() ? new ImageRequest(ImageRef.parse(image), requirePinned, null) : null)
                .gpus(GpuRequest.parse(args.string("gpus", "all"))).owner(StepRuntime.owner(build))
                .policy(policy).python(args.string("python", "python3")).keepEvidence(false).user(runtime.containerUser()).build();

        PreflightReport report;
        try (ContainerRuntime opened = runtime.open(build)) {
            report = new GpuHealthCheck(opened, StepRuntime.images(opened), StepRuntime.hostProbe(build))
                    .run(request, build.log(), ProgressListener.ignoring());
        }
        if (report.overall() == Verdict.Level.FAIL) {
            throw new PipelineFailure("GPU preflight failed: " + report.failed().stream()
                    .map(v -> v.check() + ": " + v.summary() + (v.fix() == null ? "" : " (" + v.fix() + ")"))
                    .collect(Collectors.joining("; ")));
        }
        if (report.overall() == Verdict.Level.WARN && args.bool("unstableOnWarn", false)) {
            build.log().message("GPU preflight warned (" + report.warnings().stream().map(Verdict::check).collect(Collectors.joining(", "))
                    + "); marking the build unstable as unstableOnWarn asks.");
            build.currentBuild().setResult("UNSTABLE");
        }
        return report.toMap();
    }
}
