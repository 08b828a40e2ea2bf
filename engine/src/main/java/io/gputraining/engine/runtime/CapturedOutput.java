package io.gputraining.engine.runtime;

import io.gputraining.engine.LogSink;
import java.nio.charset.StandardCharsets;

/** The output of a short helper command (both streams, in arrival order), kept as text for its caller. */
public final class CapturedOutput implements LogSink {

    private final StringBuilder text = new StringBuilder();

    @Override
    public void message(String line) {
        // a helper command's caller reports what matters itself
    }

    @Override
    public synchronized void output(OutputStreamKind stream, byte[] data, int offset, int length) {
        text.append(new String(data, offset, length, StandardCharsets.UTF_8));
    }

    /** What the command wrote so far. */
    public synchronized String text() {
        return text.toString();
    }
}
