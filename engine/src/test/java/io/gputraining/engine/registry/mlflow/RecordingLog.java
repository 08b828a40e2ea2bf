package io.gputraining.engine.registry.mlflow;

import io.gputraining.engine.LogSink;
import io.gputraining.engine.ProgressListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps the engine's messages and progress reports for a test to read. */
final class RecordingLog implements LogSink, ProgressListener {

    private final List<String> messages = new CopyOnWriteArrayList<>();
    private final List<Progress> progress = new CopyOnWriteArrayList<>();

    @Override
    public void message(String line) {
        messages.add(line);
    }

    @Override
    public void output(OutputStreamKind stream, byte[] data, int offset, int length) {
        throw new AssertionError("a registry runs no process");
    }

    @Override
    public void progress(Progress report) {
        progress.add(report);
    }

    List<String> messages() {
        return List.copyOf(messages);
    }

    List<Progress> progress() {
        return List.copyOf(progress);
    }
}
