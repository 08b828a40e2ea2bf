package io.gputraining.examples.pipeline;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code timeout(time: 3, unit: 'HOURS') { … }} and the {@code timeout} option: the body runs on the build's
 * thread, which is interrupted when the time is up, as Jenkins interrupts a step; the engine answers an interrupt
 * by removing what it started.
 */
final class Timeouts {

    private Timeouts() {
    }

    /** The duration of {@code time:} in {@code unit:} (default MINUTES), as the step takes them. */
    static Duration of(Map<String, Object> named) {
        Object time = named.get("time");
        if (!(time instanceof Number n)) {
            throw new PipelineFailure("timeout needs time: a number, got " + time);
        }
        Object unit = named.getOrDefault("unit", "MINUTES");
        return Duration.of(n.longValue(), TimeUnit.valueOf(String.valueOf(unit).toUpperCase(Locale.ROOT)).toChronoUnit());
    }

    static <T> T run(Duration limit, Build build, Callable<T> body) throws Exception {
        Thread buildThread = Thread.currentThread();
        AtomicBoolean expired = new AtomicBoolean();
        ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "timeout-watchdog");
            t.setDaemon(true);
            return t;
        });
        ScheduledFuture<?> alarm = watchdog.schedule(() -> {
            expired.set(true);
            buildThread.interrupt();
        }, limit.toMillis(), TimeUnit.MILLISECONDS);
        try {
            return body.call();
        } catch (Exception e) {
            if (expired.get()) {
                Thread.interrupted(); // the interrupt was ours and is answered by this failure
                throw new PipelineFailure("Timeout has been exceeded (" + limit + ")", e);
            }
            throw e;
        } finally {
            alarm.cancel(false);
            watchdog.shutdownNow();
            if (expired.get()) {
                build.log().message("Timeout of " + limit + " reached");
            }
        }
    }
}
