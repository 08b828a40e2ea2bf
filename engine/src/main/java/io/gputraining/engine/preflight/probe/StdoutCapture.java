package io.gputraining.engine.preflight.probe;

import io.gputraining.engine.LogSink;
import java.io.ByteArrayOutputStream;

/**
 * Keeps a process' stdout (the probe's JSON document, bounded) and passes its stderr — torch and NCCL
 * chatter, the probe's own progress — through to the user's log.
 */
final class StdoutCapture implements LogSink {

    private static final int LIMIT = 8 << 20;

    private final LogSink log;
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private boolean truncated;

    StdoutCapture(LogSink log) {
        this.log = log;
    }

    @Override
    public void message(String line) {
        log.message(line);
    }

    @Override
    public synchronized void output(OutputStreamKind stream, byte[] data, int offset, int length) {
        if (stream == OutputStreamKind.STDERR) {
            log.output(stream, data, offset, length);
            return;
        }
        int room = LIMIT - stdout.size();
        if (length > room) {
            truncated = true;
        }
        stdout.write(data, offset, Math.max(0, Math.min(length, room)));
    }

    synchronized byte[] stdout() {
        return stdout.toByteArray();
    }

    synchronized boolean truncated() {
        return truncated;
    }
}
