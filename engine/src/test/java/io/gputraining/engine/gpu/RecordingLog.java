package io.gputraining.engine.gpu;

import io.gputraining.engine.LogSink;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A log sink that keeps the engine's messages for a test to read. */
final class RecordingLog implements LogSink {

    private final List<String> messages = new CopyOnWriteArrayList<>();

    @Override
    public void message(String line) {
        messages.add(line);
    }

    @Override
    public void output(OutputStreamKind stream, byte[] data, int offset, int length) {
        throw new AssertionError("the allocator runs no process");
    }

    List<String> messages() {
        return List.copyOf(messages);
    }

    /** Waits until a message containing {@code text} arrived; false after 10 seconds. */
    boolean awaitMessage(String text) throws InterruptedException {
        long end = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < end) {
            if (messages.stream().anyMatch(m -> m.contains(text))) {
                return true;
            }
            Thread.sleep(5);
        }
        return false;
    }
}
