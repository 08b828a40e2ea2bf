package io.gputraining.reliability.aborts;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The real CLI ({@code io.gputraining.cli.Main}) in a JVM of its own, as a terminal or a CI job starts it,
 * with its output (stdout and stderr merged) fed line by line to a {@link PhaseTracker}. Closing it kills
 * it if it still runs, so a failing trial leaves no process behind.
 */
final class ChildCli implements AutoCloseable {

    private final Process process;
    private final Thread pump;

    private ChildCli(Process process, PhaseTracker tracker) {
        this.process = process;
        this.pump = new Thread(() -> pump(process, tracker), "cli-" + process.pid() + "-output");
        this.pump.setDaemon(true);
        this.pump.start();
    }

    /** Starts {@code gpu-training <args>} with this JVM's environment plus {@code env}, its temp directory {@code tmpdir}. */
    static ChildCli start(List<String> args, Map<String, String> env, Path tmpdir, PhaseTracker tracker) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        // It runs for seconds on a shared two-core machine: start fast, stay small.
        command.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto", "-Xmx256m",
                "-Djava.io.tmpdir=" + tmpdir));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.gputraining.cli.Main"));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        try {
            return new ChildCli(builder.start(), tracker);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the CLI: " + command, e);
        }
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** The exit code, once the process has ended and its output was read to the end; empty after the timeout. */
    Optional<Integer> awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            return Optional.empty();
        }
        pump.join(5_000);
        return Optional.of(process.exitValue());
    }

    private static void pump(Process process, PhaseTracker tracker) {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                tracker.line(line);
            }
        } catch (IOException e) {
            tracker.line("(output unreadable: " + e + ")");
        } finally {
            tracker.ended();
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
