package io.gputraining.engine.testing;

import io.gputraining.engine.LogSink;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A {@link LogSink} that keeps everything, in arrival order, for assertions. */
public final class RecordingSink implements LogSink {

    /** One chunk of output or one engine message ({@code stream} null). */
    public record Event(OutputStreamKind stream, String text) { }

    private final List<Event> events = new ArrayList<>();

    @Override
    public synchronized void message(String line) {
        events.add(new Event(null, line));
    }

    @Override
    public synchronized void output(OutputStreamKind stream, byte[] data, int offset, int length) {
        events.add(new Event(stream, new String(data, offset, length, StandardCharsets.UTF_8)));
    }

    public synchronized List<Event> events() {
        return List.copyOf(events);
    }

    /** All bytes of one stream, concatenated. */
    public synchronized String text(OutputStreamKind stream) {
        StringBuilder s = new StringBuilder();
        events.stream().filter(e -> e.stream() == stream).forEach(e -> s.append(e.text()));
        return s.toString();
    }

    /** Output lines of both streams in arrival order, each prefixed with "out:" or "err:". */
    public synchronized List<String> taggedLines() {
        List<String> lines = new ArrayList<>();
        StringBuilder out = new StringBuilder();
        StringBuilder err = new StringBuilder();
        for (Event e : events) {
            if (e.stream() == null) {
                continue;
            }
            StringBuilder buf = e.stream() == OutputStreamKind.STDOUT ? out : err;
            String tag = e.stream() == OutputStreamKind.STDOUT ? "out:" : "err:";
            buf.append(e.text());
            int nl;
            while ((nl = buf.indexOf("\n")) >= 0) {
                lines.add(tag + buf.substring(0, nl));
                buf.delete(0, nl + 1);
            }
        }
        return lines;
    }

    public synchronized List<String> messages() {
        return events.stream().filter(e -> e.stream() == null).map(Event::text).toList();
    }
}
