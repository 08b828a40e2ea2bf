package io.gputraining.examples.steps;

import io.gputraining.engine.ProgressListener;
import io.gputraining.engine.launch.GpuContainerLaunch;
import io.gputraining.engine.preflight.HealthCheckRequest;
import io.gputraining.engine.preflight.PreflightReport;
import io.gputraining.engine.preflight.Verdict;
import io.gputraining.engine.runtime.ContainerRuntime;
import io.gputraining.engine.steps.HealthCheckSettings;
import io.gputraining.engine.steps.InvalidStepSettingsException;
import io.gputraining.examples.pipeline.Build;
import io.gputraining.examples.pipeline.PipelineFailure;
import io.gputraining.examples.pipeline.PipelineStep;
import io.gputraining.examples.pipeline.StepCall;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code gpuHealthCheck} on the engine, with the parameters, defaults and verdict handling of the engine's
 * {@link HealthCheckSettings} (which the plugin's step uses too) and the step's return value: FAIL fails the build naming the failed checks,
 * WARN marks it unstable when {@code unstableOnWarn}, and the script gets the report as a map.
 */
final class GpuHealthCheckBinding implements PipelineStep {

    /** The step's parameters, as its class declares them. */
    static final List<String> PARAMETERS = List.of("image", "gpus", "minGpus", "allowCpuFallback", "minFreeMemoryMiB",
            "maxTemperatureC", "requireIdle", "allowMig", "skipAllReduce", "requirePinned", "pull", "runtime", "unstableOnWarn", "python", "gpuWaitMinutes", "idleGpusOnly");

    private final GpuTrainingSettings settings;

    GpuHealthCheckBinding(GpuTrainingSettings settings) {
        this.settings = settings;
    }

    @Override
    public Object run(StepCall call, Build build) throws InterruptedException {
        StepArguments args = StepArguments.of(call, PARAMETERS);
        HealthCheckSettings defaults = HealthCheckSettings.DEFAULTS;
        HealthCheckSettings parameters = HealthCheckSettings.builder()
                .image(args.string("image", null)).gpus(args.string("gpus", defaults.gpus()))
                .minGpus(args.integer("minGpus", defaults.minGpus()))
                .allowCpuFallback(args.bool("allowCpuFallback", defaults.allowCpuFallback()))
                .minFreeMemoryMiB(args.number("minFreeMemoryMiB", defaults.minFreeMemoryMiB()))
                .maxTemperatureC(args.integer("maxTemperatureC", defaults.maxTemperatureC()))
                .requireIdle(args.bool("requireIdle", defaults.requireIdle())).allowMig(args.bool("allowMig", defaults.allowMig()))
                .skipAllReduce(args.bool("skipAllReduce", defaults.skipAllReduce()))
                .requirePinned(args.bool("requirePinned", defaults.requirePinned())).pull(args.string("pull", null)).runtime(args.string("runtime", defaults.runtime()))
                .unstableOnWarn(args.bool("unstableOnWarn", defaults.unstableOnWarn())).python(args.string("python", defaults.python()))
                .gpuWaitMinutes(args.integer("gpuWaitMinutes", defaults.gpuWaitMinutes()))
                .idleGpusOnly(args.bool("idleGpusOnly", defaults.idleGpusOnly()))
                .build();
        StepRuntime runtime = StepRuntime.of(parameters.runtime());
        HealthCheckRequest request;
        try {
            request = parameters.toRequest(settings.site(), StepRuntime.owner(build)).toBuilder().user(runtime.containerUser()).build();
        } catch (InvalidStepSettingsException e) {
            throw new PipelineFailure(e.getMessage());
        }

        PreflightReport report;
        try (ContainerRuntime opened = runtime.open(build)) {
            report = new GpuContainerLaunch(opened, StepRuntime.images(opened), StepRuntime.hostProbe(build))
                    .check(request, build.log(), ProgressListener.ignoring());
        }
        switch (parameters.outcome(report)) {
            case FAIL -> throw new PipelineFailure("GPU preflight failed: " + report.failed().stream()
                    .map(v -> v.check() + ": " + v.summary() + (v.fix() == null ? "" : " (" + v.fix() + ")"))
                    .collect(Collectors.joining("; ")));
            case UNSTABLE -> {
                build.log().message("GPU preflight warned (" + report.warnings().stream().map(Verdict::check)
                        .collect(Collectors.joining(", ")) + "); marking the build unstable as unstableOnWarn asks.");
                build.currentBuild().setResult("UNSTABLE");
            }
            case PASS -> { }
        }
        return report.toMap();
    }
}
