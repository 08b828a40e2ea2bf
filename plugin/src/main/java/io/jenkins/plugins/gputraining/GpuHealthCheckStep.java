package io.jenkins.plugins.gputraining;

import hudson.EnvVars;
import hudson.Extension;
import hudson.Launcher;
import hudson.model.Item;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.gputraining.engine.steps.HealthCheckSettings;
import java.util.Set;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * {@code gpuHealthCheck}: checks the agent's GPUs, driver and container runtime, and inside the pinned image
 * torch, CUDA, cuDNN and NCCL, before a build spends hours on a broken node. Fails the build on FAIL, may mark
 * it unstable on WARN, and returns the report as a map.
 * <p>Every optional parameter defaults to the engine's {@link HealthCheckSettings#DEFAULTS} (the preflight policy's
 * defaults), which also maps the parameters to a request.
 */
public final class GpuHealthCheckStep extends Step {

    private static final HealthCheckSettings DEFAULTS = HealthCheckSettings.DEFAULTS;

    private String image;
    private String gpus = DEFAULTS.gpus();
    private int minGpus = DEFAULTS.minGpus();
    private boolean allowCpuFallback = DEFAULTS.allowCpuFallback();
    private long minFreeMemoryMiB = DEFAULTS.minFreeMemoryMiB();
    private int maxTemperatureC = DEFAULTS.maxTemperatureC();
    private boolean requireIdle = DEFAULTS.requireIdle();
    private boolean allowMig = DEFAULTS.allowMig();
    private boolean skipAllReduce = DEFAULTS.skipAllReduce();
    private boolean requirePinned = DEFAULTS.requirePinned();
    private String pull = DEFAULTS.pull();
    private String runtime = DEFAULTS.runtime();
    private boolean unstableOnWarn = DEFAULTS.unstableOnWarn();
    private String python = DEFAULTS.python();
    private int gpuWaitMinutes = DEFAULTS.gpuWaitMinutes();
    private boolean idleGpusOnly = DEFAULTS.idleGpusOnly();

    @DataBoundConstructor
    public GpuHealthCheckStep() {
        // every parameter is optional here: the image is required only on Docker, which start() checks
    }

    public String getImage() { return image; }

    /** The pinned PyTorch image to probe inside; required unless {@code runtime: 'local'}. */
    @DataBoundSetter
    public void setImage(String image) { this.image = blankToNull(image); }

    public String getGpus() { return gpus; }

    /** {@code all}, {@code none}, a count, or device ids/UUIDs separated by commas. */
    @DataBoundSetter
    public void setGpus(String gpus) { this.gpus = blankToNull(gpus) == null ? DEFAULTS.gpus() : gpus.strip(); }

    public int getMinGpus() { return minGpus; }

    @DataBoundSetter
    public void setMinGpus(int minGpus) { this.minGpus = minGpus; }

    public boolean isAllowCpuFallback() { return allowCpuFallback; }

    @DataBoundSetter
    public void setAllowCpuFallback(boolean allowCpuFallback) { this.allowCpuFallback = allowCpuFallback; }

    public long getMinFreeMemoryMiB() { return minFreeMemoryMiB; }

    @DataBoundSetter
    public void setMinFreeMemoryMiB(long minFreeMemoryMiB) { this.minFreeMemoryMiB = minFreeMemoryMiB; }

    public int getMaxTemperatureC() { return maxTemperatureC; }

    @DataBoundSetter
    public void setMaxTemperatureC(int maxTemperatureC) { this.maxTemperatureC = maxTemperatureC; }

    public boolean isRequireIdle() { return requireIdle; }

    @DataBoundSetter
    public void setRequireIdle(boolean requireIdle) { this.requireIdle = requireIdle; }

    public boolean isAllowMig() { return allowMig; }

    @DataBoundSetter
    public void setAllowMig(boolean allowMig) { this.allowMig = allowMig; }

    public boolean isSkipAllReduce() { return skipAllReduce; }

    @DataBoundSetter
    public void setSkipAllReduce(boolean skipAllReduce) { this.skipAllReduce = skipAllReduce; }

    public boolean isRequirePinned() { return requirePinned; }

    @DataBoundSetter
    public void setRequirePinned(boolean requirePinned) { this.requirePinned = requirePinned; }

    public String getPull() { return pull; }

    /** When to pull the image: {@code missing}, {@code always}, {@code never} or {@code newer}; blank for the global default. */
    @DataBoundSetter
    public void setPull(String pull) { this.pull = blankToNull(pull); }

    public String getRuntime() { return runtime; }

    /** {@code docker} (default) or {@code local}: the agent itself is the image. */
    @DataBoundSetter
    public void setRuntime(String runtime) { this.runtime = blankToNull(runtime) == null ? DEFAULTS.runtime() : runtime.strip(); }

    public boolean isUnstableOnWarn() { return unstableOnWarn; }

    @DataBoundSetter
    public void setUnstableOnWarn(boolean unstableOnWarn) { this.unstableOnWarn = unstableOnWarn; }

    public String getPython() { return python; }

    @DataBoundSetter
    public void setPython(String python) { this.python = blankToNull(python) == null ? DEFAULTS.python() : python.strip(); }

    public int getGpuWaitMinutes() { return gpuWaitMinutes; }

    /** How long the check waits for GPUs another build or the CLI holds (it leases the GPUs it loads). */
    @DataBoundSetter
    public void setGpuWaitMinutes(int gpuWaitMinutes) { this.gpuWaitMinutes = Math.max(0, gpuWaitMinutes); }

    public boolean isIdleGpusOnly() { return idleGpusOnly; }

    /** Check only the GPUs no other run holds now, without waiting for the others. */
    @DataBoundSetter
    public void setIdleGpusOnly(boolean idleGpusOnly) { this.idleGpusOnly = idleGpusOnly; }

    /** The parameters as the engine maps them to a request. */
    HealthCheckSettings settings() {
        return HealthCheckSettings.builder().image(image).gpus(gpus).minGpus(minGpus).allowCpuFallback(allowCpuFallback)
                .minFreeMemoryMiB(minFreeMemoryMiB).maxTemperatureC(maxTemperatureC).requireIdle(requireIdle).allowMig(allowMig)
                .skipAllReduce(skipAllReduce).requirePinned(requirePinned).pull(pull).runtime(runtime).unstableOnWarn(unstableOnWarn)
                .python(python).gpuWaitMinutes(gpuWaitMinutes).idleGpusOnly(idleGpusOnly).build();
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        return new GpuHealthCheckExecution(this, context);
    }

    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    @Extension
    @Symbol("gpuHealthCheck")
    public static final class DescriptorImpl extends StepDescriptor {
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
        public String getFunctionName() {
            return "gpuHealthCheck";
        }

        @Override
        public String getDisplayName() {
            return Messages.GpuHealthCheckStep_DisplayName();
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class, Launcher.class, EnvVars.class);
        }
    }
}
