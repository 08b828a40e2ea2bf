package io.gputraining.examples.pipeline;

import io.gputraining.engine.LogSink;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The console log of one build: the harness' own lines, the engine's messages and the bytes of the processes
 * the steps run, in order. Mirrored to the test's stdout so a failing test shows what the build did.
 */
public final class BuildLog implements LogSink {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream mirror;

    BuildLog(PrintStream mirror) {
        this.mirror = mirror;
    }

    @Override
    public synchronized void message(String line) {
        byte[] data = (line + "\n").getBytes(StandardCharsets.UTF_8);
        bytes.write(data, 0, data.length);
        mirror.write(data, 0, data.length);
        mirror.flush();
    }

    @Override
    public synchronized void output(OutputStreamKind stream, byte[] data, int offset, int length) {
        bytes.write(data, offset, length);
        mirror.write(data, offset, length);
        mirror.flush();
    }

    /** Everything logged so far. */
    public synchronized String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
