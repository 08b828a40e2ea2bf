package io.gputraining.cli;

import io.gputraining.engine.ProgressListener;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Pull and upload progress for people, on stderr: on a terminal one live line per moment (bytes done of the
 * total, rate), redrawn at most every {@value #REDRAW_MILLIS} ms; elsewhere (a CI log, a file) nothing until
 * {@link #close()}, which prints one final line per task: its bytes, time and rate.
 */
final class TerminalProgress implements ProgressListener, AutoCloseable {

    static final long REDRAW_MILLIS = 250;

    private final PrintStream err;
    private final boolean live;
    private final LongSupplier nanoClock;
    private final Map<String, TaskBytes> tasks = new LinkedHashMap<>();
    private long lastDraw = Long.MIN_VALUE;
    private int drawnWidth;

    /**
     * @param live      redraw a line as progress comes (a terminal), or only print final lines
     * @param nanoClock {@link System#nanoTime()}, or a clock a test controls
     */
    TerminalProgress(PrintStream err, boolean live, LongSupplier nanoClock) {
        this.err = err;
        this.live = live;
        this.nanoClock = nanoClock;
    }

    /** On this process' stderr, live when it is a terminal. */
    static TerminalProgress onStderr() {
        return new TerminalProgress(System.err, stderrIsTerminal(), System::nanoTime);
    }

    @Override
    public synchronized void progress(Progress p) {
        long now = nanoClock.getAsLong();
        TaskBytes task = tasks.computeIfAbsent(p.task(), k -> new TaskBytes(now));
        task.update(p.item(), p.doneBytes(), p.totalBytes(), now);
        if (live && (lastDraw == Long.MIN_VALUE || now - lastDraw >= REDRAW_MILLIS * 1_000_000)) {
            lastDraw = now;
            String line = "[gpu-training] " + p.task() + ": " + task.describeNow();
            err.print("\r" + line + " ".repeat(Math.max(0, drawnWidth - line.length())));
            err.flush();
            drawnWidth = line.length();
        }
    }

    /** Removes the live line, if one is drawn, so that the next text starts on a clean line. */
    synchronized void clearLine() {
        if (drawnWidth > 0) {
            err.print("\r" + " ".repeat(drawnWidth) + "\r");
            err.flush();
            drawnWidth = 0;
        }
    }

    /** One final line per task that reported bytes. */
    @Override
    public synchronized void close() {
        clearLine();
        tasks.forEach((name, task) -> {
            if (task.done() > 0) {
                err.println("[gpu-training] " + name + ": " + task.describeFinal());
            }
        });
        err.flush();
        tasks.clear();
    }

    /** Linux: fd 2 is a terminal device. Elsewhere (or unreadable): no, which only costs the live line. */
    static boolean stderrIsTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }

    /** {@code 1536} → {@code 1.5 KiB}. */
    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = n;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    /**
     * The bytes of one task (a pull, an upload), summed over its items (layers, files). The rate counts from the
     * first report on, since the bytes before it (up to one reporting step) took a time no one measured.
     */
    private static final class TaskBytes {
        private final long started;
        private long last;
        private long doneAtStart = -1;
        private final Map<String, long[]> items = new LinkedHashMap<>();

        TaskBytes(long started) {
            this.started = started;
            this.last = started;
        }

        /**
         * Keeps, per item, the most bytes seen and the last known total: Docker follows "Downloading" with
         * "Extracting" (from 0 again) and ends with "Pull complete" (no bytes), and neither may undo what was shown.
         */
        void update(String item, long done, long total, long now) {
            last = now;
            if (done < 0 && total < 0) {
                return; // a status without bytes: "Pulling fs layer", "Pull complete"
            }
            long[] before = items.get(item);
            long keptTotal = total >= 0 ? total : before == null ? -1 : before[1];
            long keptDone = Math.max(done, before == null ? 0 : before[0]);
            items.put(item, new long[] {keptDone, keptTotal});
            if (doneAtStart < 0) {
                doneAtStart = done();
            }
        }

        long done() {
            return items.values().stream().mapToLong(v -> Math.max(0, v[0])).sum();
        }

        /** The total, or -1 while an item's total is unknown. */
        long total() {
            long sum = 0;
            for (long[] v : items.values()) {
                if (v[1] < 0) {
                    return -1;
                }
                sum += v[1];
            }
            return sum;
        }

        String describeNow() {
            long total = total();
            // 0 is what dockerd reports for a layer it has not sized yet: no total to show either
            String of = total <= 0 ? "" : " / " + bytes(total) + String.format(Locale.ROOT, " (%d%%)", done() * 100 / total);
            return bytes(done()) + of + rate();
        }

        String describeFinal() {
            double seconds = (last - started) / 1e9;
            return bytes(done()) + String.format(Locale.ROOT, " in %.1f s", seconds) + rate();
        }

        private String rate() {
            double seconds = (last - started) / 1e9;
            return seconds <= 0 ? "" : ", " + bytes((long) ((done() - doneAtStart) / seconds)) + "/s";
        }
    }
}
