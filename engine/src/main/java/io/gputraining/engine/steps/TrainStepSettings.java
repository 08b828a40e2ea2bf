package io.gputraining.engine.steps;

import io.gputraining.engine.gpu.GpuAllocator;
import io.gputraining.engine.preflight.PreflightPolicy;
import io.gputraining.engine.runtime.GpuRequest;
import io.gputraining.engine.runtime.MemoryLimit;
import io.gputraining.engine.runtime.RuntimeKind;
import io.gputraining.engine.train.CommandWords;
import io.gputraining.engine.train.Lineage;
import io.gputraining.engine.train.TrainingRequest;
import java.io.Serializable;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The parameters of {@code trainAndRegister} as a Pipeline or a form gives them (the step and the freestyle builder
 * fill one from their fields), with their defaults, and the one mapping from them to a {@link TrainingRequest}.
 *
 * @param command          the training command, split into words by {@link CommandWords} (no shell)
 * @param model            the registered model's name
 * @param image            the image; null for the site's default image
 * @param artifacts        comma-separated globs, relative to the run's output directory
 * @param alias            alias to point at the new version, or null
 * @param gpus             {@code all}, {@code none}, a count, or device ids separated by commas
 * @param preflight        whether to run the preflight on the leased GPUs first
 * @param allowCpuFallback whether the preflight accepts torch without CUDA
 * @param outputDir        where the training writes what to keep, relative to the workspace
 * @param timeoutMinutes   how long the training may run; 0 for no limit
 * @param memory           the container's memory limit as {@code docker run --memory} takes it; null for none
 * @param env              extra environment: {@code NAME=VALUE}, or {@code NAME} alone to pass the build's value (a secret
 *                         {@code withCredentials} binds), as {@link EnvironmentEntries} reads them
 * @param requirePinned    refuse an image without digest (the site can force this for every build)
 * @param pull             when to pull the image ({@code missing}, {@code always}, {@code never}, {@code newer}); null for
 *                         the site's default
 * @param runtime          {@code docker}, {@code podman} or {@code local}; null for the site's default
 * @param gpuWaitMinutes   how long to wait for GPUs another run holds
 */
public record TrainStepSettings(String command, String model, String image, String artifacts, String alias, String gpus,
                                boolean preflight, boolean allowCpuFallback, String outputDir, int timeoutMinutes,
                                String memory, List<String> env, boolean requirePinned, String pull, String runtime,
                                int gpuWaitMinutes)
        implements Serializable {

    /** Every parameter at its default (no command or model: those have none). */
    public static final TrainStepSettings DEFAULTS = builder().build();

    public TrainStepSettings {
        image = StepText.orDefault(image, null);
        artifacts = StepText.orDefault(artifacts, TrainingRequest.DEFAULT_ARTIFACTS);
        alias = StepText.orDefault(alias, null);
        gpus = StepText.orDefault(gpus, GpuRequest.DEFAULT);
        outputDir = StepText.orDefault(outputDir, TrainingRequest.DEFAULT_OUTPUT_DIR);
        memory = StepText.orDefault(memory, null);
        env = env == null ? List.of() : List.copyOf(env);
        pull = StepText.orDefault(pull, null);
        runtime = StepText.orDefault(runtime, null);
    }

    /** Parameters at their defaults; set what the step was given. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The runtime the training runs on: the step's, else the site's default.
     *
     * @throws io.gputraining.engine.EngineException for a name that is no runtime
     */
    public RuntimeKind runtimeKind(SiteSettings site) {
        return site.runtime(runtime);
    }

    /**
     * The training's environment: the {@code NAME=VALUE} entries, and the build's values of the names given alone, which
     * are secrets to mask in the build's log ({@link EnvironmentEntries#passedValues()}).
     *
     * @param buildEnvironment the build's environment on its agent, with what {@code withCredentials} binds
     * @throws InvalidStepSettingsException for an entry without name, or a name the build's environment lacks
     */
    public EnvironmentEntries environment(Map<String, String> buildEnvironment) {
        return EnvironmentEntries.parse(env, buildEnvironment, EnvironmentEntries.Source.BUILD);
    }

    /**
     * The request these parameters ask for.
     *
     * @param site             the administrator's settings: default image, pinning, lock directory, runtime
     * @param workspace        the workspace on the agent
     * @param owner            who the container and the lease belong to (the build)
     * @param lineage          the build's and the checkout's facts
     * @param buildEnvironment the build's environment, where names given alone in {@code env} are looked up
     * @throws InvalidStepSettingsException, or another engine exception naming the parameter, for what cannot be run
     */
    public TrainingRequest toRequest(SiteSettings site, String workspace, String owner, Lineage lineage,
                                     Map<String, String> buildEnvironment) {
        RuntimeKind kind = runtimeKind(site);
        String reference = image != null ? image : site.defaultImage();
        if (kind.containers() && reference == null) {
            throw new InvalidStepSettingsException("trainAndRegister needs an image on " + kind.displayName() + ": give image:"
                    + " 'registry/pytorch@sha256:...', set a default image in the global configuration, or use runtime: 'local'"
                    + " when the agent itself is the image.");
        }
        List<String> words = CommandWords.split(command == null ? "" : command);
        if (words.isEmpty()) {
            throw new InvalidStepSettingsException("trainAndRegister needs a command, e.g. command: 'python train.py --epochs 3'.");
        }
        if (model == null || model.isBlank()) {
            throw new InvalidStepSettingsException("trainAndRegister needs a model: the registered model's name, e.g. model: 'resnet'.");
        }
        return TrainingRequest.builder()
                .image(kind.containers() ? site.imageRequest(reference, requirePinned, pull) : null)
                .command(words).workspace(workspace).outputDir(outputDir).env(environment(buildEnvironment).variables()).gpus(GpuRequest.parse(gpus))
                .preflight(preflight ? PreflightPolicy.builder().allowCpuFallback(allowCpuFallback).build() : null)
                .artifacts(Arrays.stream(artifacts.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList())
                .modelName(model.strip()).alias(alias).lineage(lineage).owner(owner)
                .gpuLockDirectory(site.gpuLockDirectory()).gpuWait(Duration.ofMinutes(Math.max(0, gpuWaitMinutes)))
                .timeout(Duration.ofMinutes(Math.max(0, timeoutMinutes)))
                .memoryLimit(memory == null ? MemoryLimit.NONE : MemoryLimit.parse(memory))
                .build();
    }

    /** Builds {@link TrainStepSettings}. The field initialisers are the defaults, and the only place they live. */
    public static final class Builder {
        private String command;
        private String model;
        private String image;
        private String artifacts = TrainingRequest.DEFAULT_ARTIFACTS;
        private String alias;
        private String gpus = GpuRequest.DEFAULT;
        private boolean preflight = true;
        private boolean allowCpuFallback;
        private String outputDir = TrainingRequest.DEFAULT_OUTPUT_DIR;
        private int timeoutMinutes;
        private String memory;
        private List<String> env = List.of();
        private boolean requirePinned;
        private String pull;
        private String runtime;
        private int gpuWaitMinutes = (int) GpuAllocator.DEFAULT_WAIT.toMinutes();

        private Builder() {
        }

        public Builder command(String value) { this.command = value; return this; }
        public Builder model(String value) { this.model = value; return this; }
        public Builder image(String value) { this.image = value; return this; }
        public Builder artifacts(String value) { this.artifacts = value; return this; }
        public Builder alias(String value) { this.alias = value; return this; }
        public Builder gpus(String value) { this.gpus = value; return this; }
        public Builder preflight(boolean value) { this.preflight = value; return this; }
        public Builder allowCpuFallback(boolean value) { this.allowCpuFallback = value; return this; }
        public Builder outputDir(String value) { this.outputDir = value; return this; }
        public Builder timeoutMinutes(int value) { this.timeoutMinutes = value; return this; }
        public Builder memory(String value) { this.memory = value; return this; }
        public Builder env(List<String> value) { this.env = value; return this; }
        public Builder requirePinned(boolean value) { this.requirePinned = value; return this; }
        /** The pull policy's word; null (the default) for the site's. */
        public Builder pull(String value) { this.pull = value; return this; }
        /** The runtime's word; null (the default) for the site's. */
        public Builder runtime(String value) { this.runtime = value; return this; }
        public Builder gpuWaitMinutes(int value) { this.gpuWaitMinutes = value; return this; }

        public TrainStepSettings build() {
            return new TrainStepSettings(command, model, image, artifacts, alias, gpus, preflight, allowCpuFallback, outputDir,
                    timeoutMinutes, memory, env, requirePinned, pull, runtime, gpuWaitMinutes);
        }
    }
}
