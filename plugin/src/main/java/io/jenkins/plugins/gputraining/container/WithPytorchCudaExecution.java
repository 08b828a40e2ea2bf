package io.jenkins.plugins.gputraining.container;

import hudson.AbortException;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.LauncherDecorator;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.remoting.VirtualChannel;
import io.gputraining.engine.docker.DockerEndpoint;
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

    private final BlockParameters settings;
    private String owner;
    private String sessionId;
    private DockerEndpoint docker;
    private StartedContainer started;
    private BodyExecution body;

    WithPytorchCudaExecution(StepContext context, BlockParameters settings) {
        super(context);
        this.settings = settings;
    }

    @Override
    public boolean start() throws Exception {
        FilePath workspace = getContext().get(FilePath.class);
        owner = getContext().get(Run.class).getUrl();
        TaskListener listener = getContext().get(TaskListener.class);
        sessionId = OpenContainers.newSessionId();
        ContainerOptions options = settings.toOptions(workspace, owner, sessionId, getContext().get(EnvVars.class));
        docker = options.docker();
        run(() -> {
            started = workspace.getChannel().call(new ContainerStart(options, listener));
            try {
                body = getContext().newBodyInvoker()
                        .withContexts(
                                BodyInvoker.mergeLauncherDecorators(getContext().get(LauncherDecorator.class),
                                        new ContainerLauncherDecorator(sessionId)),
                                EnvironmentExpander.merge(getContext().get(EnvironmentExpander.class),
                                        ContainerVariables.expander(started)))
                        .withCallback(new Cleanup())
                        .start();
            } catch (Exception | Error e) {
                removeContainer();
                throw e;
            }
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
     * After a controller restart while the body runs, the agent may still hold the container (a remote
     * agent's JVM kept running) and the body goes on in it, to be cleaned up as usual. If the agent's JVM
     * ended too, its shutdown removed the container (or, after a kill, the sweep below does); the body's
     * running {@code sh} then ends with the wrapper's heartbeat gone and the next command fails saying the
     * container is no longer open, and the cleanup sweeps by owner. A restart before the body started
     * cannot be resumed: the container is closed by session id if the agent finished starting it, leftovers
     * of a dead agent process are swept by owner, and the step fails.
     */
    @Override
    public void onResume() {
        if (body == null) {
            try {
                removeContainer();
            } catch (Exception e) {
                log("Could not remove the container of the interrupted start: " + e.getMessage());
            }
            getContext().onFailure(new AbortException("The controller restarted while withPytorchCuda was starting"
                    + " its container; run the build again."));
        }
    }

    private void removeContainer() throws IOException, InterruptedException {
        if (sessionId == null) {
            return;
        }
        VirtualChannel channel = agentChannel();
        if (channel == null) {
            log("The agent is offline; the block's container is removed when the agent's process ends, or by"
                    + " `gpu-training gc` on the agent.");
            return;
        }
        if (!channel.call(new ContainerRemoval(sessionId))) {
            // not open in the agent's JVM (it restarted, or the start never finished): sweep by owner
            List<String> removed = channel.call(new OwnerContainerSweep(owner, started == null ? null : started.containerId(), docker));
            if (!removed.isEmpty()) {
                log("Removed container(s) " + removed + " left by this build.");
            }
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
