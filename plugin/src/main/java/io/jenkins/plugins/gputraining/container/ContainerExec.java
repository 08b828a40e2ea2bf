package io.jenkins.plugins.gputraining.container;

import hudson.remoting.Channel;
import io.gputraining.engine.runtime.ExecSpec;
import io.gputraining.engine.runtime.FileToCopy;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import jenkins.security.MasterToSlaveCallable;

/**
 * Runs on the agent: starts one launcher command in the block's container and hands the controller a
 * remote handle to it. The streams are remoting proxies of the controller's, as {@code Launcher.RemoteLauncher}
 * passes them.
 */
final class ContainerExec extends MasterToSlaveCallable<ContainerProcess, IOException> {

    private static final long serialVersionUID = 1L;

    private final BlockSession session;
    private final List<String> command;
    private final String[] env;
    private final String workingDir;
    private final OutputStream out;
    private final OutputStream err;
    private final boolean copyTempScripts;

    /**
     * @param env             the launcher's whole environment; only the build's own entries reach the container
     * @param workingDir      agent path, the same inside (the workspace is mounted at its own path); null for the workspace
     * @param out             where stdout goes, or null when the caller reads it from the process
     * @param err             where stderr goes, or null for {@code out}
     * @param copyTempScripts whether scripts of the command line in the agent's temporary directory are copied
     *                        into the container first ({@link AgentTempScripts}: freestyle build steps)
     */
    ContainerExec(BlockSession session, List<String> command, String[] env, String workingDir, OutputStream out, OutputStream err,
                  boolean copyTempScripts) {
        this.session = session;
        this.command = List.copyOf(command);
        this.env = env == null ? null : env.clone();
        this.workingDir = workingDir;
        this.out = out;
        this.err = err;
        this.copyTempScripts = copyTempScripts;
    }

    @Override
    public ContainerProcess call() throws IOException {
        AgentBlock block = AgentBlock.require(session, command.toString());
        AgentExec exec;
        try {
            ContainerEnvironment environment = ContainerEnvironment.of(env, System.getenv());
            List<String> expanded = environment.expand(command);
            if (copyTempScripts) {
                copyIn(block.container().session(), AgentTempScripts.in(expanded, Path.of(System.getProperty("java.io.tmpdir"))));
            }
            // the daemon connection stays open while the command runs, and closes when it ends
            exec = AgentExec.start(block.container().session(), new ExecSpec(expanded, environment.overrides(), workingDir, null),
                    out, err, block);
        } catch (IOException | RuntimeException | Error e) {
            block.close();
            throw e;
        }
        Channel channel = Channel.current();
        // on the built-in node the controller calls the object itself; elsewhere through a remoting proxy
        return channel == null ? exec : channel.export(ContainerProcess.class, exec);
    }

    private static void copyIn(io.gputraining.engine.runtime.ContainerSession session, List<FileToCopy> files) throws IOException {
        try {
            for (FileToCopy file : files) {
                session.copyIn(file);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while copying the build step's script into the container", e);
        }
    }
}
