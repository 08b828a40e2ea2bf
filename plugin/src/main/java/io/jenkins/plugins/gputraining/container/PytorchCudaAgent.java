package io.jenkins.plugins.gputraining.container;

import hudson.Extension;
import hudson.model.Item;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.gputraining.FormChecks;
import io.jenkins.plugins.gputraining.PullChoices;
import io.jenkins.plugins.gputraining.RuntimeChoices;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.pipeline.modeldefinition.agent.DeclarativeAgent;
import org.jenkinsci.plugins.pipeline.modeldefinition.agent.DeclarativeAgentDescriptor;
import org.jenkinsci.plugins.structs.describable.DescribableModel;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * {@code agent { pytorchCuda { image '…'; gpus 'all' } }}: a Declarative Pipeline's stages run in a container of the
 * pinned image with leased GPUs, as {@code agent { docker { … } }} runs them in a plain image. It takes a node (by
 * {@code label}, or the enclosing one with {@code reuseNode true}), checks out, and runs the stages inside
 * {@code withPytorchCuda} with the same parameters ({@link PytorchCudaAgentScript}). Offered only where Declarative
 * Pipeline is installed: pipeline-model-extensions is an optional dependency.
 */
public final class PytorchCudaAgent extends DeclarativeAgent<PytorchCudaAgent> {

    private static final long serialVersionUID = 1L;

    private final BlockParameters settings;
    private String label;
    private String customWorkspace;
    private boolean reuseNode;

    @DataBoundConstructor
    public PytorchCudaAgent(String image) {
        this.settings = new BlockParameters(image);
    }

    public String getImage() { return settings.image; }

    public String getGpus() { return settings.gpus; }

    @DataBoundSetter
    public void setGpus(String gpus) { settings.gpus = BlockParameters.orDefault(gpus, BlockParameters.DEFAULTS.gpus()); }

    public boolean isPreflight() { return settings.preflight; }

    @DataBoundSetter
    public void setPreflight(boolean preflight) { settings.preflight = preflight; }

    public String getNetwork() { return settings.network; }

    @DataBoundSetter
    public void setNetwork(String network) { settings.network = BlockParameters.orDefault(network, BlockParameters.DEFAULTS.network()); }

    public boolean isRequirePinned() { return settings.requirePinned; }

    @DataBoundSetter
    public void setRequirePinned(boolean requirePinned) { settings.requirePinned = requirePinned; }

    public String getPull() { return settings.pull; }

    @DataBoundSetter
    public void setPull(String pull) { settings.pull = BlockParameters.orDefault(pull, null); }

    public int getGpuWaitMinutes() { return settings.gpuWaitMinutes; }

    @DataBoundSetter
    public void setGpuWaitMinutes(int gpuWaitMinutes) { settings.gpuWaitMinutes = Math.max(0, gpuWaitMinutes); }

    public String getRuntime() { return settings.runtime; }

    @DataBoundSetter
    public void setRuntime(String runtime) { settings.runtime = BlockParameters.orDefault(runtime, null); }

    public String getShmSize() { return settings.shmSize; }

    @DataBoundSetter
    public void setShmSize(String shmSize) { settings.shmSize = BlockParameters.orDefault(shmSize, null); }

    /** Declarative takes no lists in an agent's block: the mounts are one string, separated by commas or new lines. */
    public String getMounts() { return String.join(", ", settings.mounts); }

    @DataBoundSetter
    public void setMounts(String mounts) {
        settings.setMounts(mounts == null ? List.of() : Arrays.asList(mounts.split("[,\\n]")));
    }

    /** The label of the node to run on; blank for any. */
    public String getLabel() { return label; }

    @DataBoundSetter
    public void setLabel(String label) { this.label = BlockParameters.orDefault(label, null); }

    public String getCustomWorkspace() { return customWorkspace; }

    @DataBoundSetter
    public void setCustomWorkspace(String customWorkspace) { this.customWorkspace = BlockParameters.orDefault(customWorkspace, null); }

    /** In a stage, run on the node of the Pipeline's own agent instead of taking another. */
    public boolean isReuseNode() { return reuseNode; }

    @DataBoundSetter
    public void setReuseNode(boolean reuseNode) { this.reuseNode = reuseNode; }

    /** The {@code withPytorchCuda} arguments these parameters make: the ones that differ from the step's defaults. */
    public Map<String, Object> stepArguments() {
        return DescribableModel.uninstantiate2_(new WithPytorchCudaStep(settings)).toMap();
    }

    @Extension(optional = true)
    @Symbol("pytorchCuda")
    public static final class DescriptorImpl extends DeclarativeAgentDescriptor<PytorchCudaAgent> {

        @Override
        public String getDisplayName() {
            return Messages.PytorchCudaAgent_DisplayName();
        }

        public ListBoxModel doFillPullItems() {
            return PullChoices.forStep();
        }

        public ListBoxModel doFillNetworkItems() {
            return BlockParameters.networkItems();
        }

        public ListBoxModel doFillRuntimeItems() {
            return RuntimeChoices.forBlock();
        }

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

        /** The agent's mounts are one string, entries separated by commas. */
        @POST
        public FormValidation doCheckMounts(@QueryParameter String value) {
            return FormChecks.mounts(value == null ? null : value.replace(',', '\n'));
        }
    }
}
