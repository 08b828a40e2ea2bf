package io.gputraining.engine.runtime;

import io.gputraining.engine.LogSink;
import java.util.List;

/**
 * Run in a child JVM by the tests: runs {@code args} on a {@link LocalRuntime}, the command's output going to
 * this JVM's stdout, and waits for it (or for its own end). Proves what happens to local processes when
 * their JVM is stopped from outside.
 */
public final class LocalRunHolderMain {

    private LocalRunHolderMain() {
    }

    public static void main(String[] args) throws Exception {
        LogSink toStdout = new LogSink() {
            @Override
            public void message(String line) {
                System.err.println(line);
            }

            @Override
            public void output(OutputStreamKind stream, byte[] data, int offset, int length) {
                System.out.write(data, offset, length);
                System.out.flush();
            }
        };
        new LocalRuntime().run(ContainerSpec.builder("local").command(List.of(args)).build(), toStdout);
    }
}
