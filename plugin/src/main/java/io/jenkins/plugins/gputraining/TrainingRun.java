package io.jenkins.plugins.gputraining;

import hudson.AbortException;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.remoting.VirtualChannel;
import io.gputraining.engine.image.ImageRef;
import io.gputraining.engine.image.ImageRequest;
import io.gputraining.engine.preflight.PreflightPolicy;
import io.gputraining.engine.registry.ModelRegistryConfig;
import io.gputraining.engine.registry.RegisteredModel;
import io.gputraining.engine.runtime.GpuRequest;
import io.gputraining.engine.runtime.MemoryLimit;
import io.gputraining.engine.train.CommandWords;
import io.gputraining.engine.train.TrainingRequest;
import io.gputraining.engine.train.TrainingResult;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One training of a build, shared by the {@code trainAndRegister} step and the freestyle builder: resolves the
 * registry and its credentials on the controller, sends the request to the workspace's agent, and records the
 * result on the build page.
 */
final class TrainingRun {

    private TrainingRun() {
    }

    /**
     * @param settings the parameters, as the step holds them (the builder holds the same)
     * @return the registered version
     * @throws AbortException when the parameters, the configuration or the agent do not allow a training
     */
    static RegisteredModel run(TrainAndRegisterStep settings, Run<?, ?> run, FilePath workspace, EnvVars env, TaskListener listener)
            throws IOException, InterruptedException {
        GpuTrainingConfiguration config = GpuTrainingConfiguration.get();
        AgentRuntime runtime = AgentRuntime.of(settings.getRuntime(), env);
        String image = settings.getImage() != null ? settings.getImage() : config.getDefaultImage();
        if (runtime.isDocker() && image == null) {
            throw new AbortException(UserText.get("TrainAndRegisterStep.ImageRequired"));
        }
        List<String> command = CommandWords.split(settings.getCommand() == null ? "" : settings.getCommand());
        if (command.isEmpty()) {
            throw new AbortException(UserText.get("TrainAndRegisterStep.CommandEmpty"));
        }
        ModelRegistryEntry entry = registryEntry(config, settings.getRegistry());
        ModelRegistryConfig registry = entry.toConfig(RegistryCredentialsLookup.forRun(entry.getCredentialsId(), entry.getName(), run));

        boolean requirePinned = settings.isRequirePinned() || config.isRequirePinned();
        TrainingRequest request = TrainingRequest.builder()
                .image(runtime.isDocker() ? new ImageRequest(ImageRef.parse(image), requirePinned, null) : null)
                .command(command).workspace(workspace.getRemote()).outputDir(settings.getOutputDir())
                .env(environment(settings.getEnv())).gpus(GpuRequest.parse(settings.getGpus()))
                .preflight(settings.isPreflight() ? PreflightPolicy.builder().allowCpuFallback(settings.isAllowCpuFallback()).build() : null)
                .artifacts(artifactPatterns(settings.getArtifacts())).modelName(settings.getModel()).alias(settings.getAlias())
                .lineage(BuildLineage.of(env)).owner(BuildOwner.of(run, env))
                .gpuLockDirectory(config.getGpuLockDirectory()).timeout(Duration.ofMinutes(Math.max(0, settings.getTimeoutMinutes())))
                .memoryLimit(settings.getMemory() == null ? MemoryLimit.NONE : MemoryLimit.parse(settings.getMemory()))
                .build();

        VirtualChannel channel = workspace.getChannel();
        if (channel == null) {
            throw new AbortException(UserText.get("Step.AgentOffline"));
        }
        TrainingResult result = channel.call(new TrainingOnAgent(request, runtime, registry, env.get("PATH"), listener));
        GpuTrainingAction action = GpuTrainingAction.of(run);
        if (result.preflight() != null) {
            action.add(PreflightSummary.of(result.preflight()));
        }
        action.add(ModelSummary.of(result));
        run.save();
        return result.model();
    }

    private static ModelRegistryEntry registryEntry(GpuTrainingConfiguration config, String name) throws AbortException {
        if (config.getRegistries().isEmpty()) {
            throw new AbortException(UserText.get("TrainAndRegisterStep.NoRegistry"));
        }
        return config.registry(name).orElseThrow(() -> new AbortException(UserText.get(
                "TrainAndRegisterStep.UnknownRegistry", name != null ? name : config.getDefaultRegistry(),
                config.getRegistries().stream().map(ModelRegistryEntry::getName).collect(Collectors.joining(", ")))));
    }

    static Map<String, String> environment(List<String> entries) throws AbortException {
        Map<String, String> env = new LinkedHashMap<>();
        for (String entry : entries) {
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw new AbortException(UserText.get("TrainAndRegisterStep.BadEnv", entry));
            }
            env.put(entry.substring(0, eq), entry.substring(eq + 1));
        }
        return env;
    }

    static List<String> artifactPatterns(String artifacts) {
        return Arrays.stream(artifacts.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}
