package io.jenkins.plugins.gputraining;

import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.AbstractProject;
import hudson.model.Item;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.tasks.BuildStepDescriptor;
import hudson.tasks.Builder;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.gputraining.engine.registry.RegisteredModel;
import java.io.IOException;
import jenkins.tasks.SimpleBuildStep;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * The {@code trainAndRegister} step as a freestyle build step: trains in the pinned image on leased GPUs of the
 * build's agent and registers what the training wrote. The only difference from the step is the form of
 * {@code env}: one {@code NAME=VALUE} per line, as a text area gives it.
 * <p>The parameters are held in a {@link TrainAndRegisterStep}, so that their defaults and normalisation live
 * in one place for both.
 */
public final class TrainAndRegisterBuilder extends Builder implements SimpleBuildStep {

    private final TrainAndRegisterStep settings;

    /**
     * @param command the training command, split into words by {@link io.gputraining.engine.train.CommandWords} (no shell)
     * @param model   the registered model's name
     */
    @DataBoundConstructor
    public TrainAndRegisterBuilder(String command, String model) {
        this.settings = new TrainAndRegisterStep(command, model);
    }

    public String getCommand() { return settings.getCommand(); }

    public String getModel() { return settings.getModel(); }

    public String getImage() { return settings.getImage(); }

    @DataBoundSetter
    public void setImage(String image) { settings.setImage(image); }

    public String getArtifacts() { return settings.getArtifacts(); }

    @DataBoundSetter
    public void setArtifacts(String artifacts) { settings.setArtifacts(artifacts); }

    public String getAlias() { return settings.getAlias(); }

    @DataBoundSetter
    public void setAlias(String alias) { settings.setAlias(alias); }

    public String getRegistry() { return settings.getRegistry(); }

    @DataBoundSetter
    public void setRegistry(String registry) { settings.setRegistry(registry); }

    public String getGpus() { return settings.getGpus(); }

    @DataBoundSetter
    public void setGpus(String gpus) { settings.setGpus(gpus); }

    public boolean isPreflight() { return settings.isPreflight(); }

    @DataBoundSetter
    public void setPreflight(boolean preflight) { settings.setPreflight(preflight); }

    public boolean isAllowCpuFallback() { return settings.isAllowCpuFallback(); }

    @DataBoundSetter
    public void setAllowCpuFallback(boolean allowCpuFallback) { settings.setAllowCpuFallback(allowCpuFallback); }

    public String getOutputDir() { return settings.getOutputDir(); }

    @DataBoundSetter
    public void setOutputDir(String outputDir) { settings.setOutputDir(outputDir); }

    public int getTimeoutMinutes() { return settings.getTimeoutMinutes(); }

    @DataBoundSetter
    public void setTimeoutMinutes(int timeoutMinutes) { settings.setTimeoutMinutes(timeoutMinutes); }

    public String getMemory() { return settings.getMemory(); }

    @DataBoundSetter
    public void setMemory(String memory) { settings.setMemory(memory); }

    /** Extra environment for the training, one {@code NAME=VALUE} per line; only the names are recorded. */
    public String getEnv() { return TextLines.join(settings.getEnv()); }

    @DataBoundSetter
    public void setEnv(String env) { settings.setEnv(TextLines.of(env)); }

    public boolean isRequirePinned() { return settings.isRequirePinned(); }

    @DataBoundSetter
    public void setRequirePinned(boolean requirePinned) { settings.setRequirePinned(requirePinned); }

    public String getPull() { return settings.getPull(); }

    @DataBoundSetter
    public void setPull(String pull) { settings.setPull(pull); }

    public String getRuntime() { return settings.getRuntime(); }

    @DataBoundSetter
    public void setRuntime(String runtime) { settings.setRuntime(runtime); }

    @Override
    public void perform(Run<?, ?> run, FilePath workspace, EnvVars env, Launcher launcher,
            TaskListener listener) throws InterruptedException, IOException {
        RegisteredModel model = EngineErrors.abortOn(() -> BuildTraining.run(settings, run, workspace, env, listener));
        listener.getLogger().println(Messages.TrainAndRegisterBuilder_Registered(model.modelName(), model.version(), model.uri()));
    }

    @Extension
    @Symbol("trainAndRegisterBuilder")
    public static final class DescriptorImpl extends BuildStepDescriptor<Builder> {
        /** The pull policies, after "as configured globally". */
        public ListBoxModel doFillPullItems() {
            return PullChoices.forStep();
        }

        /** The runtimes, after "as configured globally". */
        public ListBoxModel doFillRuntimeItems() {
            return RuntimeChoices.forStep();
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

        /** The configured registries, after the default one. */
        @POST
        public ListBoxModel doFillRegistryItems(@AncestorInPath Item item, @QueryParameter String registry) {
            return RegistryChoices.forStep(item, registry);
        }

        @POST
        public FormValidation doCheckMemory(@QueryParameter String value) {
            return FormChecks.memory(value);
        }

        @Override
        public boolean isApplicable(Class<? extends AbstractProject> jobType) {
            return true;
        }

        @Override
        public String getDisplayName() {
            return Messages.TrainAndRegisterBuilder_DisplayName();
        }
    }
}
