package io.jenkins.plugins.gputraining.container;

import hudson.AbortException;
import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.AbstractBuild;
import hudson.model.AbstractProject;
import hudson.model.BuildListener;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.tasks.BuildWrapperDescriptor;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.gputraining.PullChoices;
import java.io.IOException;
import java.util.Map;
import jenkins.tasks.SimpleBuildWrapper;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * The freestyle form of {@code withPytorchCuda}: the build steps run in a container of the pinned image
 * with leased GPUs, after the GPU preflight; the tear-down removes it and releases the GPUs (also when the
 * build fails or is aborted). Checkout runs before and publishers after, on the agent.
 */
public final class PytorchCudaBuildWrapper extends SimpleBuildWrapper {

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

    @Override
    public void setUp(Context context, Run<?, ?> build, FilePath workspace, Launcher launcher, TaskListener listener,
                      EnvVars initialEnvironment) throws IOException, InterruptedException {
        if (!(build instanceof AbstractBuild)) {
            // a Pipeline's wrap() cannot decorate the launcher this way; the step can
            throw new AbortException("In a Pipeline use withPytorchCuda(image: …) { … } instead of this build wrapper.");
        }
        StartedContainer started;
        try {
            started = launcher.getChannel().call(new ContainerStart(settings.toOptions(workspace, build.getUrl(), OpenContainers.newSessionId(), initialEnvironment), listener));
        } catch (IOException | InterruptedException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e.getMessage(), e);
        }
        build.addAction(new OpenContainerAction(started.sessionId()));
        for (Map.Entry<String, String> e : ContainerVariables.of(started).entrySet()) {
            context.env(e.getKey(), e.getValue());
        }
        context.setDisposer(new Removal(started.sessionId()));
    }

    @Override
    public Launcher decorateLauncher(AbstractBuild build, Launcher launcher, BuildListener listener) {
        return new BuildContainerLauncher(launcher, build);
    }

    /** Removes the container and releases the GPUs at tear-down, however the build steps ended. */
    private static final class Removal extends Disposer {

        private static final long serialVersionUID = 1L;

        private final String sessionId;

        Removal(String sessionId) {
            this.sessionId = sessionId;
        }

        @Override
        public void tearDown(Run<?, ?> build, FilePath workspace, Launcher launcher, TaskListener listener)
                throws IOException, InterruptedException {
            OpenContainerAction open = build.getAction(OpenContainerAction.class);
            if (open != null) {
                build.removeAction(open);
            }
            launcher.getChannel().call(new ContainerRemoval(sessionId));
        }
    }

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

        @Override
        public String getDisplayName() {
            return Messages.PytorchCudaBuildWrapper_DisplayName();
        }
    }
}
