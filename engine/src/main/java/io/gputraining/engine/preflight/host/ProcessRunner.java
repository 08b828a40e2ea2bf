package io.gputraining.engine.preflight.host;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a short command on this machine and collects its output, killing it (and what it started) on timeout or
 * when the calling thread is interrupted. Output goes to temporary files rather than pipes, so a command that
 * writes a lot to one stream cannot block on a pipe nobody reads, and no reader threads are needed.
 */
public final class ProcessRunner {

    /** More output than any {@code nvidia-smi} report; a runaway command must not exhaust the heap. */
    static final long MAX_OUTPUT_BYTES = 32L << 20;

    /**
     * Runs {@code command} (argv; the first element is the executable's path) and waits for it.
     *
     * @throws IOException             the command could not be started (missing, not executable) or its output read
     * @throws CommandTimeoutException it ran longer than {@code timeout}; it has been killed
     * @throws InterruptedException    the thread was interrupted; the command has been killed
     */
    public CommandResult run(List<String> command, Duration timeout) throws IOException, InterruptedException {
        Path out = Files.createTempFile("gpu-training-cmd", ".out");
        Path err = Files.createTempFile("gpu-training-cmd", ".err");
        try {
            Process process = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(nullDevice()))
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            boolean finished;
            try {
                finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                kill(process);
                throw e;
            }
            if (!finished) {
                kill(process);
                throw new CommandTimeoutException(command, timeout);
            }
            return new CommandResult(command, process.exitValue(), read(out), read(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static void kill(Process process) {
        // Children first: once the parent is gone they are re-parented and no longer found as descendants.
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException again) {
            Thread.currentThread().interrupt();
        }
    }

    private static String read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return new String(in.readNBytes((int) MAX_OUTPUT_BYTES), StandardCharsets.UTF_8);
        }
    }

    private static File nullDevice() {
        return new File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }
}
