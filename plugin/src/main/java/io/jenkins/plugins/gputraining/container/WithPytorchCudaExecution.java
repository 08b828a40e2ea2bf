package io.jenkins.plugins.gputraining.container;

import hudson.AbortException;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.LauncherDecorator;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.remoting.VirtualChannel;
import io.jenkins.plugins.gputraining.BuildOwner;
import java.io.IOException;
import jenkins.util.Timer;
import org.jenkinsci.plugins.workflow.steps.BodyExecution;
import org.jenkinsci.plugins.workflow.steps.BodyInvoker;
import org.jenkinsci.plugins.workflow.steps.EnvironmentExpander;
import org.jenkinsci.plugins.workflow.steps.GeneralNonBlockingStepExecution;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * Starts the block's container on the agent, runs the body with a launcher decorator that execs in it, and
 * removes it on every way out: the body's end ({@link Cleanup}), an abort ({@link #stop}) and a controller
 * restart ({@link #onResume}). Every agent call runs off the CPS VM thread (pulls and the preflight take minutes,
 * and a hung agent must not hold up the aborts and the other steps of every Pipeline).
 */
final class WithPytorchCudaExecution extends GeneralNonBlockingStepExecution {

    private static final long serialVersionUID = 1L;

    private final BlockParameters settings;
    /** Set on the start's thread once the daemon is known; read by {@link #stop} on another. */
    private volatile BlockSession session;
    private StartedContainer started;
    private BodyExecution body;

    WithPytorchCudaExecution(StepContext context, BlockParameters settings) {
        super(context);
        this.settings = settings;
    }

    @Override
    public boolean start() throws Exception {
        FilePath workspace = getContext().get(FilePath.class);
        TaskListener listener = getContext().get(TaskListener.class);
        EnvVars env = getContext().get(EnvVars.class);
        String owner = BuildOwner.of(getContext().get(Run.class), env);
        run(() -> {
            ContainerOptions options = settings.toOptions(workspace, owner, BlockSession.newId(), env);
            session = options.session();
            started = workspace.getChannel().call(new ContainerStart(options, listener));
            try {
                body = getContext().newBodyInvoker()
                        .withContexts(
                                BodyInvoker.mergeLauncherDecorators(getContext().get(LauncherDecorator.class),
                                        new ContainerLauncherDecorator(session)),
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
     * An abort while the body runs cancels it; an abort during the start interrupts it (the agent releases what
     * it took). Either way the step fails at once and the container is removed in the background.
     */
    @Override
    public void stop(Throwable cause) throws Exception {
        if (body != null) {
            body.cancel(cause);
        }
        try {
            super.stop(cause);
        } finally {
            removeInBackground();
        }
    }

    /**
     * After a controller restart while the body runs, the body goes on in the same container: it outlives the
     * agent's JVM, so its commands find it by the session, whether the agent stayed connected, reconnected or
     * restarted. A restart before the body started cannot be resumed: the step fails at once, and the container is
     * removed in the background by its session if the agent finished starting it.
     */
    @Override
    public void onResume() {
        if (body == null) {
            getContext().onFailure(new AbortException("The controller restarted while withPytorchCuda was starting"
                    + " its container; run the build again."));
            removeInBackground();
        }
    }

    private void removeInBackground() {
        if (session == null) {
            return;
        }
        Timer.get().submit(() -> {
            try {
                removeContainer();
            } catch (IOException | InterruptedException | RuntimeException e) {
                log("Could not remove the block's container: " + e.getMessage());
            }
        });
    }

    private void removeContainer() throws IOException, InterruptedException {
        if (session == null) {
            return;
        }
        VirtualChannel channel = agentChannel();
        if (channel == null) {
            throw new AbortException(Messages.Block_RemovalOffline());
        }
        channel.call(new ContainerRemoval(session)); // false: gone already (the start never finished, or removed by hand)
    }

    /** The channel to the block's agent; null while it is offline (Jenkins then has no live workspace). */
    private VirtualChannel agentChannel() throws InterruptedException {
        try {
            FilePath workspace = getContext().get(FilePath.class);
            return workspace == null ? null : workspace.getChannel();
        } catch (IOException offline) {
            return null;
        }
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
