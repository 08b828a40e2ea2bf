package io.gputraining.engine.runtime;

import io.gputraining.engine.LogSink;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A real sink that keeps what it gets, in arrival order, for assertions. */
final class RecordingSink implements LogSink {

    /** One {@link #output} call. */
    record Chunk(OutputStreamKind stream, String text) { }

    private final List<String> messages = new ArrayList<>();
    private final List<Chunk> chunks = new ArrayList<>();

    @Override
    public synchronized void message(String line) {
        messages.add(line);
    }

    @Override
    public synchronized void output(OutputStreamKind stream, byte[] data, int offset, int length) {
        chunks.add(new Chunk(stream, new String(data, offset, length, StandardCharsets.UTF_8)));
        notifyAll();
    }

    synchronized List<String> messages() {
        return List.copyOf(messages);
    }

    synchronized List<Chunk> chunks() {
        return List.copyOf(chunks);
    }

    synchronized String text(OutputStreamKind stream) {
        StringBuilder s = new StringBuilder();
        chunks.stream().filter(c -> c.stream() == stream).forEach(c -> s.append(c.text()));
        return s.toString();
    }

    String stdout() {
        return text(OutputStreamKind.STDOUT);
    }

    /** Waits until stdout holds at least {@code lines} complete lines, and returns them. */
    synchronized List<String> awaitStdoutLines(int lines, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (true) {
            String out = stdout();
            List<String> complete = out.lines().limit(out.endsWith("\n") ? Long.MAX_VALUE : Math.max(0, out.lines().count() - 1)).toList();
            if (complete.size() >= lines) {
                return complete;
            }
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                throw new AssertionError("stdout did not reach " + lines + " lines in time: '" + out + "'");
            }
            wait(left);
        }
    }
}
