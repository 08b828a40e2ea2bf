package io.jenkins.plugins.gputraining.container;

import hudson.AbortException;
import hudson.FilePath;
import hudson.Launcher;
import hudson.Proc;
import hudson.remoting.Channel;
import hudson.remoting.RemoteOutputStream;
import hudson.remoting.VirtualChannel;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;

/**
 * A launcher that runs every command in a block's container instead of on the agent, the way
 * docker-workflow's {@code inside} turns commands into {@code docker exec}: the durable {@code sh} step
 * starts its wrapper script through it and polls files in the workspace, which is mounted at its own path.
 */
final class ContainerLauncher extends Launcher.DecoratedLauncher {

    private final BlockSession session;
    private final boolean copyTempScripts;

    /**
     * @param copyTempScripts whether scripts that freestyle build steps write into the agent's temporary directory
     *                        are copied into the container before their command runs ({@link AgentTempScripts})
     */
    ContainerLauncher(Launcher inner, BlockSession session, boolean copyTempScripts) {
        super(inner);
        this.session = session;
        this.copyTempScripts = copyTempScripts;
    }

    @Override
    public Proc launch(ProcStarter starter) throws IOException {
        FilePath pwd = starter.pwd();
        if (!starter.quiet()) {
            maskedPrintCommandLine(starter.cmds(), starter.masks(), pwd);
        }
        ContainerExec exec = new ContainerExec(session, starter.cmds(), starter.envs(),
                pwd == null ? null : pwd.getRemote(), remote(starter.stdout()), remote(starter.stderr()), copyTempScripts);
        try {
            return new ContainerProc(agent().call(exec));
        } catch (InterruptedException e) {
            throw (IOException) new InterruptedIOException("interrupted while starting " + starter.cmds()).initCause(e);
        }
    }

    /**
     * Ends the processes in the container that carry {@code modelEnvVars}, as a stopped {@code sh} step asks
     * (its {@code JENKINS_SERVER_COOKIE}), the way docker-workflow's {@code inside} does. The agent's own process
     * tree is not searched: every command of this launcher runs in the container, which the agent may not even
     * see (a remote daemon, user namespaces).
     */
    @Override
    public void kill(Map<String, String> modelEnvVars) throws IOException, InterruptedException {
        List<String> ended = agent().call(new ContainerKill(session, modelEnvVars));
        if (!ended.isEmpty()) {
            getListener().getLogger().println("[withPytorchCuda] Ended process(es) " + String.join(", ", ended)
                    + " of the stopped step in the container");
        }
    }

    private VirtualChannel agent() throws IOException {
        VirtualChannel channel = getChannel();
        if (channel == null) {
            throw new AbortException("The agent of this withPytorchCuda block is offline; its container cannot be reached.");
        }
        return channel;
    }

    /** Not supported: a remoting channel into the container would need a Java agent inside the image. */
    @Override
    public Channel launchChannel(String[] cmd, OutputStream out, FilePath workDir, Map<String, String> envVars)
            throws IOException {
        throw new IOException("Opening a remoting channel is not supported inside withPytorchCuda; run the"
                + " command outside the block.");
    }

    private static OutputStream remote(OutputStream stream) {
        return stream == null ? null : new RemoteOutputStream(stream);
    }
}
