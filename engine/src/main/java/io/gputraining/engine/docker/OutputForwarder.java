package io.gputraining.engine.docker;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import io.gputraining.engine.LogSink;
import io.gputraining.engine.LogSink.OutputStreamKind;
import java.util.concurrent.TimeUnit;

/**
 * Forwards a container's multiplexed output frames to a {@link LogSink}, in the order the daemon sent them.
 * Runs on docker-java's stream thread; the caller waits on it with an interruptible await.
 */
final class OutputForwarder extends ResultCallback.Adapter<Frame> {

    private final LogSink sink;

    OutputForwarder(LogSink sink) {
        this.sink = sink;
    }

    @Override
    public void onNext(Frame frame) {
        byte[] payload = frame.getPayload();
        if (payload == null || payload.length == 0) {
            return;
        }
        OutputStreamKind kind = switch (frame.getStreamType()) {
            case STDERR -> OutputStreamKind.STDERR;
            default -> OutputStreamKind.STDOUT;
        };
        sink.output(kind, payload, 0, payload.length);
    }

    /** Waits until the stream has started, so that nothing the container writes afterwards is missed. */
    void awaitAttached(long seconds) throws InterruptedException {
        if (!awaitStarted(seconds, TimeUnit.SECONDS)) {
            throw new ContainerFailedException("The Docker daemon did not open the output stream within " + seconds + " s", null);
        }
    }

    /** Waits for the end of the stream and rethrows a transport error the stream ended with. */
    void awaitEnd() throws InterruptedException {
        awaitCompletion();
        throwFirstError();
    }
}
