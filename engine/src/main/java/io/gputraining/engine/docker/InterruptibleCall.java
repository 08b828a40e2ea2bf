package io.gputraining.engine.docker;

import java.io.InterruptedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.util.concurrent.CancellationException;

/**
 * docker-java's unix-socket transport runs blocking calls on an interruptible channel: an interrupt (a
 * Jenkins abort) surfaces as a RuntimeException wrapping {@link ClosedByInterruptException}, or, on the
 * httpclient5 transport, as a {@link CancellationException}. This turns it back into the
 * {@link InterruptedException} the engine's callers expect.
 */
final class InterruptibleCall {

    private InterruptibleCall() {
    }

    @FunctionalInterface
    interface DockerCall<T> {
        T call();
    }

    static <T> T run(DockerCall<T> call) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("interrupted before a Docker call");
        }
        try {
            return call.call();
        } catch (RuntimeException e) {
            if (causedByInterrupt(e)) {
                Thread.interrupted(); // the exception carries the interrupt now
                InterruptedException interrupted = new InterruptedException("interrupted during a Docker call");
                interrupted.initCause(e);
                throw interrupted;
            }
            throw e;
        }
    }

    static boolean causedByInterrupt(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            // httpclient5 answers an interrupt by cancelling the request's future: a CancellationException.
            if (t instanceof ClosedByInterruptException || t instanceof InterruptedIOException || t instanceof InterruptedException
                    || t instanceof CancellationException) {
                return true;
            }
        }
        return false;
    }
}
