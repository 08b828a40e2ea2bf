package io.jenkins.plugins.gputraining.container;

import hudson.AbortException;
import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.AbstractBuild;
import hudson.model.AbstractProject;
import hudson.model.BuildListener;
import hudson.model.Item;
import hudson.remoting.VirtualChannel;
import hudson.tasks.BuildWrapper;
import hudson.tasks.BuildWrapperDescriptor;
import io.jenkins.plugins.gputraining.BuildOwner;
import java.io.IOException;
import java.util.Map;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.gputraining.FormChecks;
import io.jenkins.plugins.gputraining.PullChoices;
import io.jenkins.plugins.gputraining.RuntimeChoices;
import io.jenkins.plugins.gputraining.TextLines;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * The freestyle form of {@code withPytorchCuda}: the build steps run in a container of the pinned image
 * with leased GPUs, after the GPU preflight; the tear-down removes it and releases the GPUs (also when the
 * build fails or is aborted). Checkout runs before and publishers after, on the agent. Freestyle jobs only: in
 * a Pipeline the {@code withPytorchCuda} step does the same.
 */
public final class PytorchCudaBuildWrapper extends BuildWrapper {

    private final BlockParameters settings;

    @DataBoundConstructor
    public PytorchCudaBuildWrapper(String image) {
        this.settings = new BlockParameters(image);
    }

    public String getImage() {
        return settings.image;
    }

    public String getGpus() {
        return settings.gpus;
    }

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

    /** Host paths the build steps may read, never write, one per line. */
    public String getMounts() {
        return TextLines.join(settings.mounts);
    }

    @DataBoundSetter
    public void setMounts(String mounts) {
        settings.setMounts(TextLines.of(mounts));
    }

    /**
     * Starts the container on the build's agent; the build steps then run in it through
     * {@link #decorateLauncher}, and the returned environment's tear-down removes it, however the steps ended.
     */
    @Override
    public Environment setUp(AbstractBuild build, Launcher launcher, BuildListener listener)
            throws IOException, InterruptedException {
        if (settings.image.isEmpty()) {
            throw new AbortException("The PyTorch CUDA container needs an image, e.g. pytorch/pytorch@sha256:….");
        }
        FilePath workspace = build.getWorkspace();
        VirtualChannel channel = launcher.getChannel();
        if (workspace == null || channel == null) {
            throw new AbortException(Messages.Block_AgentOffline());
        }
        EnvVars env = build.getEnvironment(listener);
        ContainerOptions options = settings.toOptions(workspace, BuildOwner.of(build, env), BlockSession.newId(), env);
        BlockSession session = options.session();
        StartedContainer started = start(channel, options, listener);
        build.addAction(new OpenContainerAction(session));
        return new Environment() {
            @Override
            public void buildEnvVars(Map<String, String> env) {
                env.putAll(ContainerVariables.of(started));
            }

            @Override
            public boolean tearDown(AbstractBuild build, BuildListener listener) throws IOException, InterruptedException {
                OpenContainerAction open = build.getAction(OpenContainerAction.class);
                if (open != null) {
                    build.removeAction(open);
                }
                VirtualChannel agent = launcher.getChannel();
                if (agent == null) {
                    listener.getLogger().println("[withPytorchCuda] " + Messages.Block_RemovalOffline());
                } else {
                    agent.call(new ContainerRemoval(session));
                }
                return true;
            }
        };
    }

    private static StartedContainer start(VirtualChannel channel, ContainerOptions options, BuildListener listener)
            throws IOException, InterruptedException {
        try {
            return channel.call(new ContainerStart(options, listener));
        } catch (IOException | InterruptedException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    @Override
    public Launcher decorateLauncher(AbstractBuild build, Launcher launcher, BuildListener listener) {
        return new BuildContainerLauncher(launcher, build);
    }

    /**
     * Freestyle only, so it extends {@link BuildWrapper} and not {@code SimpleBuildWrapper}: a Pipeline's
     * {@code wrap} cannot decorate the launcher, so the build steps would run on the agent. Pipelines use
     * {@code withPytorchCuda}.
     */
    @Extension
    @Symbol("pytorchCuda")
    public static final class DescriptorImpl extends BuildWrapperDescriptor {
        /** The pull policies, after "as configured globally". */
        public ListBoxModel doFillPullItems() {
            return PullChoices.forStep();
        }


        @Override
        public boolean isApplicable(AbstractProject<?, ?> item) {
            return true;
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

        @Override
        public String getDisplayName() {
            return Messages.PytorchCudaBuildWrapper_DisplayName();
        }
    }
}
