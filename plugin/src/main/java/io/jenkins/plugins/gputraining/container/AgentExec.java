package io.jenkins.plugins.gputraining.container;

import hudson.remoting.Channel;
import hudson.remoting.FastPipedInputStream;
import hudson.remoting.FastPipedOutputStream;
import hudson.remoting.RemoteInputStream;
import io.gputraining.engine.LogSink;
import io.gputraining.engine.runtime.ContainerSession;
import io.gputraining.engine.runtime.ExecSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * The agent side of one command in a block's container: a thread running {@link ContainerSession#exec}
 * and copying its output to the streams the launcher was given (or to a pipe the caller reads).
 */
final class AgentExec implements ContainerProcess {

    private final FutureTask<Integer> run;
    private final Thread thread;
    private final InputStream output;

    private AgentExec(ContainerSession session, ExecSpec spec, OutputStream out, OutputStream err, InputStream output,
                      AutoCloseable connection) {
        this.output = output;
        LogSink sink = new StreamSink(out, err);
        this.run = new FutureTask<>(() -> {
            try {
                return session.exec(spec, sink);
            } finally {
                // a pipe's reader sees the end of the output only when its writer closes
                closeQuietly(output == null ? null : out);
                connection.close();
            }
        });
        this.thread = new Thread(run, "withPytorchCuda exec " + spec.command());
        thread.setDaemon(true);
    }

    /**
     * Starts {@code spec} in {@code session}. With {@code out} null the caller reads the combined output
     * from {@link #output()}; with {@code err} null, errors go to {@code out}.
     *
     * @param connection the daemon connection of {@code session}, closed when the command ends
     */
    static AgentExec start(ContainerSession session, ExecSpec spec, OutputStream out, OutputStream err, AutoCloseable connection)
            throws IOException {
        AgentExec exec;
        if (out == null) {
            FastPipedOutputStream pipe = new FastPipedOutputStream();
            exec = new AgentExec(session, spec, pipe, pipe,
                    new RemoteInputStream(new FastPipedInputStream(pipe), RemoteInputStream.Flag.GREEDY), connection);
        } else {
            exec = new AgentExec(session, spec, out, err == null ? out : err, null, connection);
        }
        exec.thread.start();
        return exec;
    }

    @Override
    public int join() throws IOException, InterruptedException {
        try {
            return run.get();
        } catch (CancellationException e) {
            throw new IOException("The command in the container was stopped before it ended", e);
        } catch (ExecutionException e) {
            throw new IOException("The command in the container failed to run: " + e.getCause().getMessage(), e.getCause());
        } finally {
            // the output must reach the controller before the exit code does
            Channel channel = Channel.current();
            if (channel != null) {
                channel.syncIO();
            }
        }
    }

    /**
     * Docker has no call to stop a single exec: this stops waiting for it. The command itself ends when the
     * block ends and its container is removed, which every exit path of the block does.
     */
    @Override
    public void kill() {
        run.cancel(true);
    }

    @Override
    public boolean isAlive() {
        return !run.isDone();
    }

    @Override
    public InputStream output() {
        return output;
    }

    private static void closeQuietly(OutputStream stream) {
        if (stream == null) {
            return;
        }
        try {
            stream.close();
        } catch (IOException ignored) {
            // the reader is gone; nothing left to tell it
        }
    }

    /** Output of the exec to two streams; the engine's own messages are not part of a command's output. */
    private record StreamSink(OutputStream out, OutputStream err) implements LogSink {

        @Override
        public void message(String line) {
        }

        @Override
        public void output(OutputStreamKind stream, byte[] data, int offset, int length) {
            OutputStream target = stream == OutputStreamKind.STDERR ? err : out;
            try {
                synchronized (target) {
                    target.write(data, offset, length);
                    target.flush();
                }
            } catch (IOException e) {
                // the reader went away (the step ended); the command runs on and its output is dropped
            }
        }
    }
}
