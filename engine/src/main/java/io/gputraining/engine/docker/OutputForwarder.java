package io.gputraining.engine.docker;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import io.gputraining.engine.LogSink;
import io.gputraining.engine.LogSink.OutputStreamKind;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Forwards a container's multiplexed output frames to a {@link LogSink}, in the order the daemon sent them.
 * Runs on docker-java's stream thread; the caller waits on it with an interruptible await.
 */
final class OutputForwarder extends ResultCallback.Adapter<Frame> {

    private final LogSink sink;
    private final CountDownLatch ended = new CountDownLatch(1);

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

    /**
     * Waits until the stream has started, so that nothing the container writes afterwards is missed.
     *
     * @return false when the stream ended first: the daemon refused the attach (Podman prepares the container for
     *         it and answers a refusal there with an error status, which docker-java does not pass on)
     */
    boolean awaitAttached(long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        // Not awaitCompletion(timeout): docker-java closes the stream after any timed wait for its end.
        while (!awaitStarted(50, TimeUnit.MILLISECONDS)) {
            if (ended.getCount() == 0) {
                throwFirstError();
                return false;
            }
            if (System.nanoTime() > deadline) {
                throw new ContainerFailedException("The daemon did not open the output stream within " + seconds + " s", null);
            }
        }
        return true;
    }

    @Override
    public void onError(Throwable throwable) {
        try {
            super.onError(throwable);
        } finally {
            ended.countDown();
        }
    }

    @Override
    public void onComplete() {
        try {
            super.onComplete();
        } finally {
            ended.countDown();
        }
    }

    /** Waits for the end of the stream and rethrows a transport error the stream ended with. */
    void awaitEnd() throws InterruptedException {
        awaitCompletion();
        throwFirstError();
    }
}
