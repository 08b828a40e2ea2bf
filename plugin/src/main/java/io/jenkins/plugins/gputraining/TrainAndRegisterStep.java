package io.jenkins.plugins.gputraining;

import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Descriptor.FormException;
import hudson.model.Item;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.gputraining.engine.runtime.RuntimeKind;
import io.gputraining.engine.steps.TrainStepSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import net.sf.json.JSONArray;
import net.sf.json.JSONObject;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.verb.POST;

/**
 * {@code trainAndRegister}: trains in the pinned image on leased GPUs of the step's agent, after a preflight on
 * exactly those GPUs, and registers the files the training wrote as a new model version with its lineage.
 * Returns where the version is. The defaults are the engine's ({@link TrainStepSettings#DEFAULTS}), which also maps
 * the parameters to a request.
 */
public final class TrainAndRegisterStep extends Step {

    private static final TrainStepSettings DEFAULTS = TrainStepSettings.DEFAULTS;

    private final String command;
    private final String model;
    private String image;
    private String artifacts = DEFAULTS.artifacts();
    private String alias;
    private String registry;
    private String gpus = DEFAULTS.gpus();
    private boolean preflight = DEFAULTS.preflight();
    private boolean allowCpuFallback = DEFAULTS.allowCpuFallback();
    private String outputDir = DEFAULTS.outputDir();
    private int timeoutMinutes = DEFAULTS.timeoutMinutes();
    private String memory;
    private List<String> env = new ArrayList<>();
    private boolean requirePinned;
    private String pull = DEFAULTS.pull();
    private String runtime = DEFAULTS.runtime();

    /**
     * @param command the training command, split into words by {@link io.gputraining.engine.train.CommandWords} (no shell)
     * @param model   the registered model's name
     */
    @DataBoundConstructor
    public TrainAndRegisterStep(String command, String model) {
        this.command = command;
        this.model = model;
    }

    public String getCommand() { return command; }

    public String getModel() { return model; }

    public String getImage() { return image; }

    @DataBoundSetter
    public void setImage(String image) { this.image = GpuHealthCheckStep.blankToNull(image); }

    /** Comma-separated globs, relative to the run's output directory. */
    public String getArtifacts() { return artifacts; }

    @DataBoundSetter
    public void setArtifacts(String artifacts) {
        this.artifacts = GpuHealthCheckStep.blankToNull(artifacts) == null ? DEFAULTS.artifacts() : artifacts.strip();
    }

    public String getAlias() { return alias; }

    @DataBoundSetter
    public void setAlias(String alias) { this.alias = GpuHealthCheckStep.blankToNull(alias); }

    public String getRegistry() { return registry; }

    @DataBoundSetter
    public void setRegistry(String registry) { this.registry = GpuHealthCheckStep.blankToNull(registry); }

    public String getGpus() { return gpus; }

    @DataBoundSetter
    public void setGpus(String gpus) { this.gpus = GpuHealthCheckStep.blankToNull(gpus) == null ? DEFAULTS.gpus() : gpus.strip(); }

    public boolean isPreflight() { return preflight; }

    @DataBoundSetter
    public void setPreflight(boolean preflight) { this.preflight = preflight; }

    public boolean isAllowCpuFallback() { return allowCpuFallback; }

    @DataBoundSetter
    public void setAllowCpuFallback(boolean allowCpuFallback) { this.allowCpuFallback = allowCpuFallback; }

    public String getOutputDir() { return outputDir; }

    @DataBoundSetter
    public void setOutputDir(String outputDir) {
        this.outputDir = GpuHealthCheckStep.blankToNull(outputDir) == null ? DEFAULTS.outputDir() : outputDir.strip();
    }

    public int getTimeoutMinutes() { return timeoutMinutes; }

    /** How long the training may run; 0 (default) for no limit. */
    @DataBoundSetter
    public void setTimeoutMinutes(int timeoutMinutes) { this.timeoutMinutes = timeoutMinutes; }

    public String getMemory() { return memory; }

    /** The training container's memory limit, as {@code docker run --memory} takes it ({@code 8g}); blank for none. */
    @DataBoundSetter
    public void setMemory(String memory) { this.memory = GpuHealthCheckStep.blankToNull(memory); }

    /**
     * Extra environment for the training: {@code NAME=VALUE}, or {@code NAME} alone for the build's value (what
     * {@code withCredentials} binds), masked in the log. Only the names are recorded.
     */
    public List<String> getEnv() { return List.copyOf(env); }

    @DataBoundSetter
    public void setEnv(List<String> env) { this.env = env == null ? new ArrayList<>() : new ArrayList<>(env); }

    public boolean isRequirePinned() { return requirePinned; }

    @DataBoundSetter
    public void setRequirePinned(boolean requirePinned) { this.requirePinned = requirePinned; }

    public String getPull() { return pull; }

    /** When to pull the image: {@code missing}, {@code always}, {@code never} or {@code newer}; blank for the global default. */
    @DataBoundSetter
    public void setPull(String pull) { this.pull = GpuHealthCheckStep.blankToNull(pull); }

    public String getRuntime() { return runtime; }

    /** {@code docker}, {@code podman} or {@code local}; blank for the global default. */
    @DataBoundSetter
    public void setRuntime(String runtime) {
        this.runtime = GpuHealthCheckStep.blankToNull(runtime) == null ? DEFAULTS.runtime() : runtime.strip();
    }

    /** The parameters as the engine maps them to a request. */
    TrainStepSettings settings() {
        return TrainStepSettings.builder().command(command).model(model).image(image).artifacts(artifacts).alias(alias).gpus(gpus)
                .preflight(preflight).allowCpuFallback(allowCpuFallback).outputDir(outputDir).timeoutMinutes(timeoutMinutes)
                .memory(memory).env(env).requirePinned(requirePinned).pull(pull).runtime(runtime).build();
    }

    /**
     * On a container runtime the training outlives restarts ({@link DurableTrainingExecution}); on the local runtime it
     * is a child of the agent's process, so it runs within one agent call. The runtime is the step's, else the global
     * default.
     */
    @Override
    public StepExecution start(StepContext context) throws Exception {
        RuntimeKind kind = EngineErrors.abortOn(() -> settings().runtimeKind(GpuTrainingConfiguration.get().siteSettings()));
        return kind.containers() ? new DurableTrainingExecution(this, context) : new TrainAndRegisterExecution(this, context);
    }

    @Extension
    @Symbol("trainAndRegister")
    public static final class DescriptorImpl extends StepDescriptor {
        /** The pull policies, after "as configured globally". */
        public ListBoxModel doFillPullItems() {
            return PullChoices.forStep();
        }

        /** The runtimes, after "as configured globally". */
        public ListBoxModel doFillRuntimeItems() {
            return RuntimeChoices.forStep();
        }

        /** The configured registries, after the default one. */
        @POST
        public ListBoxModel doFillRegistryItems(@AncestorInPath Item item, @QueryParameter String registry) {
            return RegistryChoices.forStep(item, registry);
        }

        /** Valid, pinned, or the digest to pin to; blank means the global default image. */
        @POST
        public FormValidation doCheckImage(@AncestorInPath Item item, @QueryParameter String value) {
            return FormChecks.image(value, item, false);
        }

        @POST
        public FormValidation doCheckGpus(@QueryParameter String value) {
            return FormChecks.gpus(value);
        }

        @POST
        public FormValidation doCheckMemory(@QueryParameter String value) {
            return FormChecks.memory(value);
        }

        /** The form's {@code env} is a text area, one entry per line; Pipeline's is a list. */
        @Override
        public Step newInstance(StaplerRequest2 req, JSONObject formData) throws FormException {
            if (formData.has("env") && !(formData.get("env") instanceof JSONArray)) {
                formData.put("env", JSONArray.fromObject(TextLines.of(formData.getString("env"))));
            }
            return super.newInstance(req, formData);
        }

        /** The {@code env} list as the text area shows it. */
        public String envLines(TrainAndRegisterStep step) {
            return step == null ? "" : TextLines.join(step.getEnv());
        }

        @Override
        public String getFunctionName() {
            return "trainAndRegister";
        }

        @Override
        public String getDisplayName() {
            return Messages.TrainAndRegisterStep_DisplayName();
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class, FilePath.class, EnvVars.class, Launcher.class);
        }
    }
}
