package io.gputraining.examples.steps;

import io.gputraining.engine.ProgressListener;
import io.gputraining.engine.registry.ModelRegistries;
import io.gputraining.engine.runtime.ContainerRuntime;
import io.gputraining.engine.steps.InvalidStepSettingsException;
import io.gputraining.engine.steps.TrainStepSettings;
import io.gputraining.engine.train.Lineage;
import io.gputraining.engine.train.TrainingFlow;
import io.gputraining.engine.train.TrainingRequest;
import io.gputraining.engine.train.TrainingResult;
import io.gputraining.examples.pipeline.Build;
import io.gputraining.examples.pipeline.BuildEnvironment;
import io.gputraining.examples.pipeline.PipelineFailure;
import io.gputraining.examples.pipeline.PipelineStep;
import io.gputraining.examples.pipeline.StepCall;
import java.util.List;

/**
 * {@code trainAndRegister} on the engine's {@link TrainingFlow}, with the parameters and defaults of the engine's
 * {@link TrainStepSettings} (which the plugin's step maps to its request too) and the step's return value: the registry by its configured name, lineage
 * from {@code GIT_COMMIT}, {@code GIT_URL}, {@code BUILD_TAG} and {@code BUILD_URL}; returns {@code registry},
 * {@code model}, {@code version}, {@code uri} and {@code digest}.
 */
final class TrainAndRegisterBinding implements PipelineStep {

    /** The step's parameters, as its class declares them (the first two are its constructor's). */
    static final List<String> PARAMETERS = List.of("command", "model", "image", "artifacts", "alias", "registry", "gpus",
            "preflight", "allowCpuFallback", "outputDir", "timeoutMinutes", "memory", "env", "requirePinned", "pull", "runtime");

    private final GpuTrainingSettings settings;

    TrainAndRegisterBinding(GpuTrainingSettings settings) {
        this.settings = settings;
    }

    @Override
    public Object run(StepCall call, Build build) throws InterruptedException {
        StepArguments args = StepArguments.of(call, PARAMETERS);
        TrainStepSettings defaults = TrainStepSettings.DEFAULTS;
        TrainStepSettings parameters = TrainStepSettings.builder()
                .command(args.string("command", null)).model(args.string("model", null)).image(args.string("image", null))
                .artifacts(args.string("artifacts", defaults.artifacts())).alias(args.string("alias", null))
                .gpus(args.string("gpus", defaults.gpus())).preflight(args.bool("preflight", defaults.preflight()))
                .allowCpuFallback(args.bool("allowCpuFallback", defaults.allowCpuFallback()))
                .outputDir(args.string("outputDir", defaults.outputDir()))
                .timeoutMinutes(args.integer("timeoutMinutes", defaults.timeoutMinutes())).memory(args.string("memory", null))
                .env(args.strings("env")).requirePinned(args.bool("requirePinned", defaults.requirePinned())).pull(args.string("pull", null))
                .runtime(args.string("runtime", defaults.runtime()))
                .build();
        StepRuntime runtime = StepRuntime.of(parameters.runtime());
        TrainingRequest request;
        try {
            request = parameters.toRequest(settings.site(), build.workspace().toString(), StepRuntime.owner(build), lineage(build.env()))
                    .toBuilder().user(runtime.containerUser()).build();
        } catch (InvalidStepSettingsException e) {
            throw new PipelineFailure(e.getMessage());
        }

        TrainingResult result;
        try (ContainerRuntime opened = runtime.open(build)) {
            result = new TrainingFlow(opened, StepRuntime.images(opened), StepRuntime.hostProbe(build),
                    ModelRegistries.open(settings.registry(args.string("registry", null))))
                    .run(request, build.log(), ProgressListener.ignoring());
        }
        return result.model().toMap();
    }

    private static Lineage lineage(BuildEnvironment env) {
        return new Lineage(env.get("GIT_COMMIT"), env.get("GIT_URL"), env.get("BUILD_TAG"), env.get("BUILD_URL"));
    }
}
