package io.gputraining.examples.steps;

import io.gputraining.engine.ProgressListener;
import io.gputraining.engine.image.ImageRef;
import io.gputraining.engine.image.ImageRequest;
import io.gputraining.engine.preflight.PreflightPolicy;
import io.gputraining.engine.registry.ModelRegistries;
import io.gputraining.engine.runtime.ContainerRuntime;
import io.gputraining.engine.runtime.GpuRequest;
import io.gputraining.engine.runtime.MemoryLimit;
import io.gputraining.engine.train.CommandWords;
import io.gputraining.engine.train.Lineage;
import io.gputraining.engine.train.TrainingFlow;
import io.gputraining.engine.train.TrainingRequest;
import io.gputraining.engine.train.TrainingResult;
import io.gputraining.examples.pipeline.Build;
import io.gputraining.examples.pipeline.BuildEnvironment;
import io.gputraining.examples.pipeline.PipelineFailure;
import io.gputraining.examples.pipeline.PipelineStep;
import io.gputraining.examples.pipeline.StepCall;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code trainAndRegister} on the engine's {@link TrainingFlow}, with the parameters, defaults and return value of
 * the plugin's {@code TrainAndRegisterStep} and {@code TrainingRun}: the registry by its configured name, lineage
 * from {@code GIT_COMMIT}, {@code GIT_URL}, {@code BUILD_TAG} and {@code BUILD_URL}; returns {@code registry},
 * {@code model}, {@code version}, {@code uri} and {@code digest}.
 */
final class TrainAndRegisterBinding implements PipelineStep {

    /** The step's parameters, as its class declares them (the first two are its constructor's). */
    static final List<String> PARAMETERS = List.of("command", "model", "image", "artifacts", "alias", "registry", "gpus",
            "preflight", "allowCpuFallback", "outputDir", "timeoutMinutes", "memory", "env", "requirePinned", "runtime");

    private final GpuTrainingSettings settings;

    TrainAndRegisterBinding(GpuTrainingSettings settings) {
        this.settings = settings;
    }

    @Override
    public Object run(StepCall call, Build build) throws InterruptedException {
        StepArguments args = StepArguments.of(call, PARAMETERS);
        StepRuntime runtime = StepRuntime.of(args.string("runtime", "docker"));
        String image = args.string("image", settings.defaultImage());
        if (runtime.isDocker() && image == null) {
            throw new PipelineFailure("trainAndRegister needs an image on Docker: give image: 'registry/pytorch@sha256:...', set a"
                    + " default image in Manage Jenkins › System, or use runtime: 'local' when the agent itself is the image.");
        }
        List<String> command = CommandWords.split(args.string("command", ""));
        if (command.isEmpty()) {
            throw new PipelineFailure("trainAndRegister needs a command, e.g. command: 'python train.py --epochs 3'.");
        }
        boolean requirePinned = args.bool("requirePinned", false) || settings.requirePinned();
        TrainingRequest request = TrainingRequest.builder()
                .image(runtime.isDocker() ? new ImageRequest(ImageRef.parse(image), requirePinned, null) : null)
                .command(command).workspace(build.workspace().toString()).outputDir(args.string("outputDir", ".gpu-training/runs"))
                .env(environment(args.strings("env"))).gpus(GpuRequest.parse(args.string("gpus", "all")))
                .preflight(args.bool("preflight", true) ? PreflightPolicy.builder().allowCpuFallback(args.bool("allowCpuFallback", false)).build() : null)
                .artifacts(Arrays.stream(args.string("artifacts", "**").split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList())
                .modelName(args.requiredString("model")).alias(args.string("alias", null)).lineage(lineage(build.env()))
                .owner(StepRuntime.owner(build)).user(runtime.containerUser()).gpuLockDirectory(settings.gpuLockDirectory())
                .timeout(Duration.ofMinutes(Math.max(0, args.integer("timeoutMinutes", 0))))
                .memoryLimit(args.string("memory", null) == null ? MemoryLimit.NONE : MemoryLimit.parse(args.string("memory", null)))
                .build();

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

    private static Map<String, String> environment(List<String> entries) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String entry : entries) {
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw new PipelineFailure("env entry '" + entry + "' is not NAME=VALUE: write each entry as a name, an equals sign"
                        + " and the value, e.g. EPOCHS=3.");
            }
            env.put(entry.substring(0, eq), entry.substring(eq + 1));
        }
        return env;
    }
}
