package io.gputraining.engine.http;

import io.gputraining.engine.LogSink;
import java.io.IOException;
import java.io.Serializable;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Retries a call that failed transiently (a 5xx, a broken connection) with exponential backoff and jitter.
 * Everything else fails at once: a 4xx will not get better by asking again.
 *
 * @param maxAttempts    attempts in all, at least 1
 * @param initialBackoff wait before the second attempt
 * @param maxBackoff     longest wait between attempts
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) implements Serializable {

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
    }

    /** 5 attempts, 0.5 s doubling up to 8 s. */
    public static RetryPolicy defaults() {
        return new RetryPolicy(5, Duration.ofMillis(500), Duration.ofSeconds(8));
    }

    /** One attempt: for tests and for calls that must not be repeated. */
    public static RetryPolicy once() {
        return new RetryPolicy(1, Duration.ZERO, Duration.ZERO);
    }

    /** A call worth retrying when it throws an {@link IOException} ({@link TransientFailure} included). */
    @FunctionalInterface
    public interface Call<T> {
        T call() throws IOException, InterruptedException;
    }

    /**
     * Runs {@code call}, retrying transient failures; {@code what} names it in log lines ("upload model.pt").
     *
     * @throws IOException          the last transient failure, when every attempt failed
     * @throws InterruptedException at once, from a call or while waiting
     */
    public <T> T run(String what, LogSink log, Call<T> call) throws IOException, InterruptedException {
        Duration backoff = initialBackoff;
        for (int attempt = 1; ; attempt++) {
            try {
                return call.call();
            } catch (IOException e) {
                if (e instanceof java.io.InterruptedIOException && Thread.currentThread().isInterrupted()) {
                    throw new InterruptedException(what + " interrupted");
                }
                if (attempt >= maxAttempts) {
                    throw e;
                }
                long jittered = backoff.toMillis() / 2 + ThreadLocalRandom.current().nextLong(backoff.toMillis() / 2 + 1);
                log.message(what + " failed (" + e.getMessage() + "); attempt " + (attempt + 1) + " of " + maxAttempts
                        + " in " + jittered + " ms");
                Thread.sleep(jittered);
                backoff = backoff.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : backoff.multipliedBy(2);
            }
        }
    }

    /** A failure that another attempt may not meet: a 5xx answer, a 429, a connection reset. */
    public static final class TransientFailure extends IOException {
        private static final long serialVersionUID = 1L;

        public TransientFailure(String message) {
            super(message);
        }

        public TransientFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
