package io.jenkins.plugins.gputraining.container;

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
import io.jenkins.plugins.gputraining.FormChecks;
import io.jenkins.plugins.gputraining.PullChoices;
import io.jenkins.plugins.gputraining.RuntimeChoices;
import io.jenkins.plugins.gputraining.TextLines;
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
 * {@code withPytorchCuda(image: …, gpus: …) { sh 'python train.py' }}: runs the body's commands in a
 * container of the pinned image with leased GPUs, after a GPU preflight, like docker-workflow's
 * {@code withDockerContainer} does for plain images. {@code shmSize} and read-only {@code mounts} are what users of
 * {@code docker.image().inside('--shm-size 8g -v /data:/data:ro')} bring along.
 */
public final class WithPytorchCudaStep extends Step {

    private final BlockParameters settings;

    @DataBoundConstructor
    public WithPytorchCudaStep(String image) {
        this.settings = new BlockParameters(image);
    }

    /** The step the Declarative agent runs its stages in, with the agent's parameters. */
    WithPytorchCudaStep(BlockParameters settings) {
        this.settings = settings;
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

    public String getRuntime() {
        return settings.runtime;
    }

    /** {@code docker} or {@code podman}; blank for the global default. */
    @DataBoundSetter
    public void setRuntime(String runtime) {
        settings.runtime = BlockParameters.orDefault(runtime, null);
    }

    public String getShmSize() {
        return settings.shmSize;
    }

    /** The size of {@code /dev/shm}, as {@code docker run --shm-size} takes it ({@code 8g}); blank for 2g. */
    @DataBoundSetter
    public void setShmSize(String shmSize) {
        settings.shmSize = BlockParameters.orDefault(shmSize, null);
    }

    public List<String> getMounts() {
        return List.copyOf(settings.mounts);
    }

    /** Host paths the body may read, never write: {@code /data/imagenet} or {@code /host/path:/container/path}. */
    @DataBoundSetter
    public void setMounts(List<String> mounts) {
        settings.setMounts(mounts);
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

        /** Docker or Podman, after "as configured globally"; a block needs a container. */
        public ListBoxModel doFillRuntimeItems() {
            return RuntimeChoices.forBlock();
        }

        /** Valid, pinned, or the digest to pin to. */
        @POST
        public FormValidation doCheckImage(@AncestorInPath Item item, @QueryParameter String value) {
            return FormChecks.image(value, item, true);
        }

        @POST
        public FormValidation doCheckGpus(@QueryParameter String value) {
            return FormChecks.gpus(value);
        }

        @POST
        public FormValidation doCheckShmSize(@QueryParameter String value) {
            return FormChecks.shmSize(value);
        }

        @POST
        public FormValidation doCheckMounts(@QueryParameter String value) {
            return FormChecks.mounts(value);
        }

        /** The form's {@code mounts} is a text area, one entry per line; Pipeline's is a list. */
        @Override
        public Step newInstance(StaplerRequest2 req, JSONObject formData) throws FormException {
            if (formData.has("mounts") && !(formData.get("mounts") instanceof JSONArray)) {
                formData.put("mounts", JSONArray.fromObject(TextLines.of(formData.getString("mounts"))));
            }
            return super.newInstance(req, formData);
        }

        /** The {@code mounts} list as the text area shows it. */
        public String mountLines(WithPytorchCudaStep step) {
            return step == null ? "" : TextLines.join(step.getMounts());
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
