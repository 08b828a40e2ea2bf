package io.gputraining.engine.preflight;

import io.gputraining.engine.LogSink;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Keeps a probe's stdout (its JSON document, bounded) and the tail of its stderr (for a failure report),
 * and passes stderr — torch and NCCL chatter, the probe's progress — through to the user's log.
 */
final class ProbeOutputCapture implements LogSink {

    private static final int STDOUT_LIMIT = 8 << 20;
    private static final int STDERR_TAIL = 4096;

    private final LogSink log;
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final StringBuilder stderrTail = new StringBuilder();

    ProbeOutputCapture(LogSink log) {
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
            stderrTail.append(new String(data, offset, length, StandardCharsets.UTF_8));
            if (stderrTail.length() > STDERR_TAIL) {
                stderrTail.delete(0, stderrTail.length() - STDERR_TAIL);
            }
            return;
        }
        stdout.write(data, offset, Math.max(0, Math.min(length, STDOUT_LIMIT - stdout.size())));
    }

    synchronized byte[] stdout() {
        return stdout.toByteArray();
    }

    synchronized String stderrTail() {
        return stderrTail.toString().strip();
    }
}
