package io.jenkins.plugins.gputraining.container;

import hudson.AbortException;
import hudson.FilePath;
import hudson.LauncherDecorator;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.remoting.VirtualChannel;
import java.io.IOException;
import java.util.List;
import org.jenkinsci.plugins.workflow.steps.BodyExecution;
import org.jenkinsci.plugins.workflow.steps.BodyInvoker;
import org.jenkinsci.plugins.workflow.steps.EnvironmentExpander;
import org.jenkinsci.plugins.workflow.steps.GeneralNonBlockingStepExecution;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * Starts the block's container on the agent (off the CPS thread: pulls and the preflight take minutes),
 * runs the body with a launcher decorator that execs in it, and removes it on every way out: the body's
 * end ({@link Cleanup}), an abort ({@link #stop}) and a controller restart ({@link #onResume}).
 */
final class WithPytorchCudaExecution extends GeneralNonBlockingStepExecution {

    private static final long serialVersionUID = 1L;

    private final ContainerBlockSettings settings;
    private String owner;
    private StartedContainer started;
    private BodyExecution body;

    WithPytorchCudaExecution(StepContext context, ContainerBlockSettings settings) {
        super(context);
        this.settings = settings;
    }

    @Override
    public boolean start() throws Exception {
        if (settings.image.isEmpty()) {
            throw new AbortException("withPytorchCuda needs an image, e.g. withPytorchCuda(image: 'pytorch/pytorch@sha256:…').");
        }
        FilePath workspace = getContext().get(FilePath.class);
        owner = getContext().get(Run.class).getUrl();
        TaskListener listener = getContext().get(TaskListener.class);
        ContainerOptions options = settings.toOptions(workspace, owner);
        run(() -> {
            started = workspace.getChannel().call(new ContainerStart(options, listener));
            body = getContext().newBodyInvoker()
                    .withContexts(
                            BodyInvoker.mergeLauncherDecorators(getContext().get(LauncherDecorator.class),
                                    new ContainerLauncherDecorator(started.sessionId())),
                            EnvironmentExpander.merge(getContext().get(EnvironmentExpander.class),
                                    ContainerVariables.expander(started)))
                    .withCallback(new Cleanup())
                    .start();
        });
        return false;
    }

    /**
     * An abort while the body runs cancels it and removes the container at once (that ends whatever the
     * body's commands still run); an abort during the start interrupts it, and the agent releases what it took.
     */
    @Override
    public void stop(Throwable cause) throws Exception {
        if (body != null) {
            body.cancel(cause);
        }
        try {
            removeContainer();
        } finally {
            super.stop(cause);
        }
    }

    /**
     * After a controller restart the agent may still hold the container (a remote agent's JVM kept running)
     * and the body goes on in it; on the built-in node the JVM, and with it the container, is gone, and the
     * body's next command fails saying so. A restart while the container was starting cannot be resumed:
     * whatever the start left behind is swept by owner and the step fails.
     */
    @Override
    public void onResume() {
        if (started == null) {
            try {
                sweepLeftovers(null);
            } catch (Exception e) {
                log("Could not look for a container left by the interrupted start: " + e.getMessage());
            }
            getContext().onFailure(new AbortException("The controller restarted while withPytorchCuda was starting"
                    + " its container; run the build again."));
        }
    }

    private void removeContainer() throws IOException, InterruptedException {
        if (started == null) {
            return;
        }
        VirtualChannel channel = agentChannel();
        if (channel == null) {
            log("The agent is offline; its container " + started.containerId() + " is removed when the agent's"
                    + " process ends, or by `gpu-training gc` on the agent.");
            return;
        }
        if (!channel.call(new ContainerRemoval(started.sessionId()))) {
            // not open in the agent's JVM (it restarted): remove by id if the container outlived it
            sweepLeftovers(channel);
        }
    }

    private void sweepLeftovers(VirtualChannel known) throws IOException, InterruptedException {
        VirtualChannel channel = known != null ? known : agentChannel();
        if (channel == null || owner == null) {
            return;
        }
        String containerId = started == null ? null : started.containerId();
        List<String> removed = channel.call(new OwnerContainerSweep(owner, containerId));
        if (!removed.isEmpty()) {
            log("Removed container(s) " + removed + " left by this build.");
        }
    }

    private VirtualChannel agentChannel() throws IOException, InterruptedException {
        FilePath workspace = getContext().get(FilePath.class);
        return workspace == null ? null : workspace.getChannel();
    }

    private void log(String line) {
        try {
            getContext().get(TaskListener.class).getLogger().println("[withPytorchCuda] " + line);
        } catch (IOException | InterruptedException e) {
            // no log to write to; the step's result says what matters
        }
    }

    /** Removes the container and releases the GPUs when the body ends, however it ends. */
    private final class Cleanup extends TailCall {

        private static final long serialVersionUID = 1L;

        @Override
        protected void finished(StepContext context) throws Exception {
            removeContainer();
        }
    }
}
