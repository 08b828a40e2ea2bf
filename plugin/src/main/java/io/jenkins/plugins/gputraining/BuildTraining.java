package io.jenkins.plugins.gputraining;

import hudson.AbortException;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.remoting.VirtualChannel;
import io.gputraining.engine.registry.ModelRegistryConfig;
import io.gputraining.engine.registry.RegisteredModel;
import io.gputraining.engine.steps.TrainStepSettings;
import io.gputraining.engine.train.TrainingRequest;
import io.gputraining.engine.train.TrainingResult;
import java.io.IOException;
import java.util.stream.Collectors;

/**
 * One training of a build, shared by the {@code trainAndRegister} step and the freestyle builder: resolves the
 * registry and its credentials on the controller, sends the request to the workspace's agent, and records the
 * result on the build page.
 */
final class BuildTraining {

    private BuildTraining() {
    }

    /**
     * @param settings the parameters, as the step holds them (the builder holds the same)
     * @return the registered version
     * @throws AbortException when the parameters, the configuration or the agent do not allow a training
     */
    static RegisteredModel run(TrainAndRegisterStep settings, Run<?, ?> run, FilePath workspace, EnvVars env, TaskListener listener)
            throws IOException, InterruptedException {
        GpuTrainingConfiguration config = GpuTrainingConfiguration.get();
        TrainStepSettings parameters = settings.settings();
        TrainingRequest request = parameters.toRequest(config.siteSettings(), workspace.getRemote(), BuildOwner.of(run, env),
                BuildLineage.of(env), env);
        // Values passed by name (env: ['HF_TOKEN']) are secrets: masked wherever the training's output is logged.
        TaskListener log = MaskedListener.of(listener, parameters.environment(env).passedValues(), run.getCharset());
        AgentRuntime runtime = AgentRuntime.of(settings.getRuntime(), env);
        ModelRegistryEntry entry = registryEntry(config, settings.getRegistry());
        ModelRegistryConfig registry = entry.toConfig(RegistryCredentialsLookup.forRun(entry.getCredentialsId(), entry.getName(), run));

        VirtualChannel channel = workspace.getChannel();
        if (channel == null) {
            throw new AbortException(Messages.Step_AgentOffline());
        }
        TrainingResult result = channel.call(new TrainingOnAgent(request, runtime, registry, env.get("PATH"), log));
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
            throw new AbortException(Messages.TrainAndRegisterStep_NoRegistry());
        }
        return config.registry(name).orElseThrow(() -> new AbortException(Messages.TrainAndRegisterStep_UnknownRegistry(name != null ? name : config.getDefaultRegistry(),
                config.getRegistries().stream().map(ModelRegistryEntry::getName).collect(Collectors.joining(", ")))));
    }
}
