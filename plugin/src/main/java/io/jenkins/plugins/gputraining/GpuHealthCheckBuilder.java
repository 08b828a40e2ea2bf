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
import java.io.IOException;
import jenkins.tasks.SimpleBuildStep;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * The {@code gpuHealthCheck} step as a freestyle build step: the same parameters, defaults and behaviour. FAIL
 * fails the build, WARN marks it unstable when asked, and the summary goes to the build page.
 * <p>The parameters are held in a {@link GpuHealthCheckStep}, so that their defaults and normalisation live in
 * one place for both.
 */
public final class GpuHealthCheckBuilder extends Builder implements SimpleBuildStep {

    private final GpuHealthCheckStep settings = new GpuHealthCheckStep();

    @DataBoundConstructor
    public GpuHealthCheckBuilder() {
        // every parameter is optional, as for the step
    }

    public String getImage() { return settings.getImage(); }

    @DataBoundSetter
    public void setImage(String image) { settings.setImage(image); }

    public String getGpus() { return settings.getGpus(); }

    @DataBoundSetter
    public void setGpus(String gpus) { settings.setGpus(gpus); }

    public int getMinGpus() { return settings.getMinGpus(); }

    @DataBoundSetter
    public void setMinGpus(int minGpus) { settings.setMinGpus(minGpus); }

    public boolean isAllowCpuFallback() { return settings.isAllowCpuFallback(); }

    @DataBoundSetter
    public void setAllowCpuFallback(boolean allowCpuFallback) { settings.setAllowCpuFallback(allowCpuFallback); }

    public long getMinFreeMemoryMiB() { return settings.getMinFreeMemoryMiB(); }

    @DataBoundSetter
    public void setMinFreeMemoryMiB(long minFreeMemoryMiB) { settings.setMinFreeMemoryMiB(minFreeMemoryMiB); }

    public int getMaxTemperatureC() { return settings.getMaxTemperatureC(); }

    @DataBoundSetter
    public void setMaxTemperatureC(int maxTemperatureC) { settings.setMaxTemperatureC(maxTemperatureC); }

    public boolean isRequireIdle() { return settings.isRequireIdle(); }

    @DataBoundSetter
    public void setRequireIdle(boolean requireIdle) { settings.setRequireIdle(requireIdle); }

    public boolean isAllowMig() { return settings.isAllowMig(); }

    @DataBoundSetter
    public void setAllowMig(boolean allowMig) { settings.setAllowMig(allowMig); }

    public boolean isSkipAllReduce() { return settings.isSkipAllReduce(); }

    @DataBoundSetter
    public void setSkipAllReduce(boolean skipAllReduce) { settings.setSkipAllReduce(skipAllReduce); }

    public boolean isRequirePinned() { return settings.isRequirePinned(); }

    @DataBoundSetter
    public void setRequirePinned(boolean requirePinned) { settings.setRequirePinned(requirePinned); }

    public String getPull() { return settings.getPull(); }

    @DataBoundSetter
    public void setPull(String pull) { settings.setPull(pull); }

    public String getRuntime() { return settings.getRuntime(); }

    @DataBoundSetter
    public void setRuntime(String runtime) { settings.setRuntime(runtime); }

    public boolean isUnstableOnWarn() { return settings.isUnstableOnWarn(); }

    @DataBoundSetter
    public void setUnstableOnWarn(boolean unstableOnWarn) { settings.setUnstableOnWarn(unstableOnWarn); }

    public String getPython() { return settings.getPython(); }

    @DataBoundSetter
    public void setPython(String python) { settings.setPython(python); }

    public int getGpuWaitMinutes() { return settings.getGpuWaitMinutes(); }

    @DataBoundSetter
    public void setGpuWaitMinutes(int gpuWaitMinutes) { settings.setGpuWaitMinutes(gpuWaitMinutes); }

    public boolean isIdleGpusOnly() { return settings.isIdleGpusOnly(); }

    @DataBoundSetter
    public void setIdleGpusOnly(boolean idleGpusOnly) { settings.setIdleGpusOnly(idleGpusOnly); }

    @Override
    public void perform(Run<?, ?> run, FilePath workspace, EnvVars env, Launcher launcher,
            TaskListener listener) throws InterruptedException, IOException {
        EngineErrors.abortOn(() -> BuildHealthCheck.run(settings, run, env, launcher, listener,
                UnstableMark.ofBuild(run)));
    }

    @Extension
    @Symbol("gpuHealthCheckBuilder")
    public static final class DescriptorImpl extends BuildStepDescriptor<Builder> {
        /** The pull policies, after "as configured globally". */
        public ListBoxModel doFillPullItems() {
            return PullChoices.forStep();
        }

        /** The runtimes, after "as configured globally". */
        public ListBoxModel doFillRuntimeItems() {
            return RuntimeChoices.forStep();
        }

        /** Valid, pinned, or the digest to pin to; blank is for runtime 'local'. */
        @POST
        public FormValidation doCheckImage(@AncestorInPath Item item, @QueryParameter String value) {
            return FormChecks.image(value, item, false);
        }

        @POST
        public FormValidation doCheckGpus(@QueryParameter String value) {
            return FormChecks.gpus(value);
        }

        @Override
        public boolean isApplicable(Class<? extends AbstractProject> jobType) {
            return true;
        }

        @Override
        public String getDisplayName() {
            return Messages.GpuHealthCheckBuilder_DisplayName();
        }
    }
}
