package io.jenkins.plugins.gputraining.container;

import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.gputraining.PullChoices;
import java.util.Set;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code withPytorchCuda(image: …, gpus: …) { sh 'python train.py' }}: runs the body's commands in a
 * container of the pinned image with leased GPUs, after a GPU preflight, like docker-workflow's
 * {@code withDockerContainer} does for plain images.
 */
public final class WithPytorchCudaStep extends Step {

    private final BlockParameters settings;

    @DataBoundConstructor
    public WithPytorchCudaStep(String image) {
        this.settings = new BlockParameters(image);
    }

    public String getImage() {
        return settings.image;
    }

    public String getGpus() {
        return settings.gpus;
    }

    /** {@code none}, {@code all}, a count, or a comma-separated list of GPU indexes or UUIDs. */
    @DataBoundSetter
    public void setGpus(String gpus) {
        settings.gpus = BlockParameters.orDefault(gpus, BlockParameters.DEFAULTS.gpus());
    }

    public boolean isPreflight() {
        return settings.preflight;
    }

    @DataBoundSetter
    public void setPreflight(boolean preflight) {
        settings.preflight = preflight;
    }

    public String getNetwork() {
        return settings.network;
    }

    /** {@code none} or {@code host}. */
    @DataBoundSetter
    public void setNetwork(String network) {
        settings.network = BlockParameters.orDefault(network, BlockParameters.DEFAULTS.network());
    }

    public boolean isRequirePinned() {
        return settings.requirePinned;
    }

    /** Refuse an image given without a digest (the global policy can force this for every build). */
    @DataBoundSetter
    public void setRequirePinned(boolean requirePinned) {
        settings.requirePinned = requirePinned;
    }

    public String getPull() {
        return settings.pull;
    }

    /** When to pull the image: {@code missing}, {@code always}, {@code never} or {@code newer}; blank for the global default. */
    @DataBoundSetter
    public void setPull(String pull) {
        settings.pull = BlockParameters.orDefault(pull, null);
    }

    public int getGpuWaitMinutes() {
        return settings.gpuWaitMinutes;
    }

    @DataBoundSetter
    public void setGpuWaitMinutes(int gpuWaitMinutes) {
        settings.gpuWaitMinutes = Math.max(0, gpuWaitMinutes);
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        return new WithPytorchCudaExecution(context, settings);
    }

    @Extension
    @Symbol("withPytorchCuda")
    public static final class DescriptorImpl extends StepDescriptor {
        /** The pull policies, after "as configured globally". */
        public ListBoxModel doFillPullItems() {
            return PullChoices.forStep();
        }


        @Override
        public String getFunctionName() {
            return "withPytorchCuda";
        }

        @Override
        public String getDisplayName() {
            return Messages.WithPytorchCudaStep_DisplayName();
        }

        /** The networks a training container may use; never Docker's default bridge. */
        public ListBoxModel doFillNetworkItems() {
            return BlockParameters.networkItems();
        }

        @Override
        public boolean takesImplicitBlockArgument() {
            return true;
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, FilePath.class, Launcher.class, TaskListener.class, EnvVars.class);
        }
    }
}
