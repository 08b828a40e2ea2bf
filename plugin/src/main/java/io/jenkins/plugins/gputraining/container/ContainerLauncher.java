package io.jenkins.plugins.gputraining.container;

import hudson.FilePath;
import hudson.Launcher;
import hudson.Proc;
import hudson.remoting.Channel;
import hudson.remoting.RemoteOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.Map;

/**
 * A launcher that runs every command in a block's container instead of on the agent, the way
 * docker-workflow's {@code inside} turns commands into {@code docker exec}: the durable {@code sh} step
 * starts its wrapper script through it and polls files in the workspace, which is mounted at its own path.
 */
final class ContainerLauncher extends Launcher.DecoratedLauncher {

    private final String sessionId;

    ContainerLauncher(Launcher inner, String sessionId) {
        super(inner);
        this.sessionId = sessionId;
    }

    @Override
    public Proc launch(ProcStarter starter) throws IOException {
        FilePath pwd = starter.pwd();
        if (!starter.quiet()) {
            maskedPrintCommandLine(starter.cmds(), starter.masks(), pwd);
        }
        ContainerExec exec = new ContainerExec(sessionId, starter.cmds(), starter.envs(),
                pwd == null ? null : pwd.getRemote(), remote(starter.stdout()), remote(starter.stderr()));
        try {
            return new ContainerProc(getChannel().call(exec));
        } catch (InterruptedException e) {
            throw (IOException) new InterruptedIOException("interrupted while starting " + starter.cmds()).initCause(e);
        }
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
