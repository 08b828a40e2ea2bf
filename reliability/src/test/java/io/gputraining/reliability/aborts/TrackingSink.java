package io.gputraining.reliability.aborts;

import io.gputraining.engine.LogSink;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;

/** A {@link LogSink} that hands the engine's messages and the process output, line by line, to a {@link PhaseTracker}. */
final class TrackingSink implements LogSink {

    private final PhaseTracker tracker;
    private final Map<OutputStreamKind, ByteArrayOutputStream> partial = new EnumMap<>(OutputStreamKind.class);

    TrackingSink(PhaseTracker tracker) {
        this.tracker = tracker;
    }

    @Override
    public void message(String line) {
        tracker.line(line);
    }

    @Override
    public synchronized void output(OutputStreamKind stream, byte[] data, int offset, int length) {
        ByteArrayOutputStream line = partial.computeIfAbsent(stream, s -> new ByteArrayOutputStream());
        for (int i = offset; i < offset + length; i++) {
            if (data[i] == '\n') {
                tracker.line(line.toString(StandardCharsets.UTF_8));
                line.reset();
            } else {
                line.write(data[i]);
            }
        }
    }
}
