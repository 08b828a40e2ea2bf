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
import io.gputraining.engine.train.TrainingRequest;
import io.gputraining.engine.train.TrainingResult;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * Runs a {@link TrainAndRegisterStep}: resolves the registry and its credentials on the controller, sends the
 * request to the workspace's agent, and records the result on the build page. Returns the version as a map of
 * strings: {@code registry}, {@code model}, {@code version}, {@code uri}, {@code digest}.
 */
final class TrainAndRegisterExecution extends EngineStepExecution<Map<String, Object>> {

    private static final long serialVersionUID = 1L;

    /** How long a build waits for GPUs another build or CLI holds before it fails. */
    static final Duration GPU_WAIT = Duration.ofMinutes(10);

    private final transient TrainAndRegisterStep step;

    TrainAndRegisterExecution(TrainAndRegisterStep step, StepContext context) {
        super(context);
        this.step = step;
    }

    @Override
    Map<String, Object> execute() throws Exception {
        StepContext context = getContext();
        Run<?, ?> run = context.get(Run.class);
        TaskListener listener = context.get(TaskListener.class);
        FilePath workspace = context.get(FilePath.class);
        EnvVars env = context.get(EnvVars.class);
        GpuTrainingConfiguration config = GpuTrainingConfiguration.get();

        AgentRuntime runtime = AgentRuntime.of(step.getRuntime(), env);
        String image = step.getImage() != null ? step.getImage() : config.getDefaultImage();
        if (runtime.isDocker() && image == null) {
            throw new AbortException(UserText.get("TrainAndRegisterStep.ImageRequired"));
        }
        List<String> command = CommandWords.split(step.getCommand() == null ? "" : step.getCommand());
        if (command.isEmpty()) {
            throw new AbortException(UserText.get("TrainAndRegisterStep.CommandEmpty"));
        }
        ModelRegistryEntry entry = registryEntry(config);
        ModelRegistryConfig registry = entry.toConfig(RegistryCredentialsLookup.forRun(entry.getCredentialsId(), entry.getName(), run));

        boolean requirePinned = step.isRequirePinned() || config.isRequirePinned();
        TrainingRequest request = new TrainingRequest(
                runtime.isDocker() ? new ImageRequest(ImageRef.parse(image), requirePinned, null) : null,
                command, workspace.getRemote(), step.getOutputDir(), environment(step.getEnv()), GpuRequest.parse(step.getGpus()),
                step.isPreflight() ? PreflightPolicy.defaults().withAllowCpuFallback(step.isAllowCpuFallback()) : null,
                artifactPatterns(step.getArtifacts()), step.getModel(), step.getAlias(), BuildLineage.of(env), BuildOwner.of(run, env),
                null, config.getGpuLockDirectory(), GPU_WAIT, Duration.ofMinutes(Math.max(0, step.getTimeoutMinutes())));

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
        return toMap(result.model());
    }

    private ModelRegistryEntry registryEntry(GpuTrainingConfiguration config) throws AbortException {
        if (config.getRegistries().isEmpty()) {
            throw new AbortException(UserText.get("TrainAndRegisterStep.NoRegistry"));
        }
        return config.registry(step.getRegistry()).orElseThrow(() -> new AbortException(UserText.get(
                "TrainAndRegisterStep.UnknownRegistry", step.getRegistry() != null ? step.getRegistry() : config.getDefaultRegistry(),
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

    private static Map<String, Object> toMap(RegisteredModel model) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("registry", model.registry());
        map.put("model", model.modelName());
        map.put("version", model.version());
        map.put("uri", model.uri());
        map.put("digest", model.digest());
        return map;
    }
}
