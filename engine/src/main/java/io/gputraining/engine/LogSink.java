package io.gputraining.engine;

/**
 * Where the engine writes what a user should read: its own messages and the output of the processes it
 * runs. The engine never writes to {@code System.out}; callers (the Jenkins step, the CLI) give it a sink.
 * Implementations must be thread-safe: output of one process may arrive from a transport thread.
 */
public interface LogSink {

    /** A line written by the engine itself (what it is doing, what it decided). */
    void message(String line);

    /**
     * Bytes a process wrote, in the order they were received, tagged with the stream they came from.
     * The array is only valid during the call.
     */
    void output(OutputStreamKind stream, byte[] data, int offset, int length);

    /** Which of a process' streams bytes came from. */
    enum OutputStreamKind { STDOUT, STDERR }

    /** A sink that drops everything. */
    static LogSink discarding() {
        return new LogSink() {
            @Override public void message(String line) { }
            @Override public void output(OutputStreamKind stream, byte[] data, int offset, int length) { }
        };
    }
}
