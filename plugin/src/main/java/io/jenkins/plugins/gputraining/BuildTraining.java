package io.jenkins.plugins.gputraining;

import hudson.AbortException;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.remoting.VirtualChannel;
import io.gputraining.engine.preflight.PreflightReport;
import io.gputraining.engine.registry.ModelRegistryConfig;
import io.gputraining.engine.registry.RegisteredModel;
import io.gputraining.engine.steps.TrainStepSettings;
import io.gputraining.engine.train.TrainingRequest;
import io.gputraining.engine.train.TrainingResult;
import java.io.IOException;
import java.util.stream.Collectors;

/**
 * One training of a build, shared by the {@code trainAndRegister} step and the freestyle builder: builds the
 * request, resolves the registry and its credentials on the controller, and records the result on the build page.
 * {@link #run} does it all in one agent call (the freestyle builder, the local runtime); the Pipeline step on a
 * container runtime follows the training across restarts instead ({@link DurableTrainingExecution}).
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
        TrainingRequest request = request(settings, run, workspace, env);
        TaskListener log = masked(settings, run, env, listener);
        AgentRuntime runtime = AgentRuntime.of(settings.getRuntime(), env);
        ModelRegistryConfig registry = registry(settings.getRegistry(), run);

        VirtualChannel channel = workspace.getChannel();
        if (channel == null) {
            throw new AbortException(Messages.Step_AgentOffline());
        }
        TrainingResult result = channel.call(new TrainingOnAgent(request, runtime, registry, env.get("PATH"), log));
        record(run, result.preflight());
        record(run, result);
        return result.model();
    }

    /** The engine's request for the step's parameters in this build and workspace. */
    static TrainingRequest request(TrainAndRegisterStep settings, Run<?, ?> run, FilePath workspace, EnvVars env) {
        return settings.settings().toRequest(GpuTrainingConfiguration.get().siteSettings(), workspace.getRemote(), BuildOwner.of(run, env),
                BuildLineage.of(env), env);
    }

    /** The build's log with the values passed by name ({@code env: ['HF_TOKEN']}) masked: they are secrets. */
    static TaskListener masked(TrainAndRegisterStep settings, Run<?, ?> run, EnvVars env, TaskListener listener) {
        return MaskedListener.of(listener, settings.settings().environment(env).passedValues(), run.getCharset());
    }

    /**
     * The registry a step names (null for the default), with its credentials looked up for this run now: they are never
     * kept in the build's state.
     */
    static ModelRegistryConfig registry(String name, Run<?, ?> run) throws AbortException {
        ModelRegistryEntry entry = registryEntry(GpuTrainingConfiguration.get(), name);
        return entry.toConfig(RegistryCredentialsLookup.forRun(entry.getCredentialsId(), entry.getName(), run));
    }

    /** Shows the preflight's report on the build page; nothing when it was skipped. */
    static void record(Run<?, ?> run, PreflightReport preflight) throws IOException {
        if (preflight != null) {
            GpuTrainingAction.of(run).add(PreflightSummary.of(preflight));
            run.save();
        }
    }

    /** Shows the registered version on the build page. */
    static void record(Run<?, ?> run, TrainingResult result) throws IOException {
        GpuTrainingAction.of(run).add(ModelSummary.of(result));
        run.save();
    }

    private static ModelRegistryEntry registryEntry(GpuTrainingConfiguration config, String name) throws AbortException {
        if (config.getRegistries().isEmpty()) {
            throw new AbortException(Messages.TrainAndRegisterStep_NoRegistry());
        }
        return config.registry(name).orElseThrow(() -> new AbortException(Messages.TrainAndRegisterStep_UnknownRegistry(name != null ? name : config.getDefaultRegistry(),
                config.getRegistries().stream().map(ModelRegistryEntry::getName).collect(Collectors.joining(", ")))));
    }
}
