package io.gputraining.engine.runtime;

import io.gputraining.engine.LogSink;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Optional;

/**
 * Copies one output stream of a host process to a {@link LogSink} on its own thread, chunk by chunk as the
 * process writes, so output shows up live and a full pipe never stalls the process. Each chunk read is
 * handed to the sink whole; lines are not reassembled here (the sink decides how to show bytes).
 */
final class ProcessOutputPump {

    private static final int CHUNK = 8192;

    private final InputStream in;
    private final LogSink.OutputStreamKind kind;
    private final LogSink sink;
    private final Thread thread;
    private volatile RuntimeException sinkFailure;

    private ProcessOutputPump(String name, InputStream in, LogSink.OutputStreamKind kind, LogSink sink) {
        this.in = in;
        this.kind = kind;
        this.sink = sink;
        this.thread = new Thread(this::pump, name);
        // A process we could not stop may hold the pipe open for ever; that must not keep the JVM alive.
        this.thread.setDaemon(true);
    }

    /** Starts pumping {@code in} to {@code sink} on a new daemon thread named {@code name}. */
    static ProcessOutputPump start(String name, InputStream in, LogSink.OutputStreamKind kind, LogSink sink) {
        ProcessOutputPump pump = new ProcessOutputPump(name, in, kind, sink);
        pump.thread.start();
        return pump;
    }

    private void pump() {
        byte[] buffer = new byte[CHUNK];
        try (in) {
            int n;
            while ((n = in.read(buffer)) != -1) {
                if (n > 0 && sinkFailure == null) {
                    deliver(buffer, n);
                }
            }
        } catch (IOException e) {
            // The stream was closed under us (the process is gone and we stopped waiting): nothing more to read.
        }
    }

    private void deliver(byte[] buffer, int length) {
        try {
            sink.output(kind, buffer, 0, length);
        } catch (RuntimeException e) {
            // Keep draining so the process does not block on a full pipe; the owner reports the failure.
            sinkFailure = e;
        }
    }

    /** Waits up to {@code limit} for the stream to end; true when it has. */
    boolean awaitEnd(Duration limit) throws InterruptedException {
        thread.join(Math.max(1, limit.toMillis()));
        return !thread.isAlive();
    }

    /** Stops reading: closes the stream, which ends a pump whose reader is between reads. */
    void abandon() {
        try {
            in.close();
        } catch (IOException e) {
            // Closing is best effort; the daemon thread ends when the last writer goes.
        }
    }

    /** What the sink threw, if it threw; output after that was read and dropped. */
    Optional<RuntimeException> sinkFailure() {
        return Optional.ofNullable(sinkFailure);
    }
}
