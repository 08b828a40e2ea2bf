package io.gputraining.reliability.container;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real CLI ({@code io.gputraining.cli.Main}) in a child JVM, as a user starts it: its own environment
 * (where the CLI reads secrets from), its own heap limit, stdout and stderr to files (a log flood must not
 * pass through this JVM's memory). The child is killed if it outlives its time.
 */
public final class ChildCli {

    private final Path directory;
    private final Map<String, String> environment;
    private final String maxHeap;

    private ChildCli(Path directory, Map<String, String> environment, String maxHeap) {
        this.directory = directory;
        this.environment = Map.copyOf(environment);
        this.maxHeap = maxHeap;
    }

    /** A CLI whose output files go under {@code directory}, with a 256 MiB heap and this JVM's environment. */
    public static ChildCli in(Path directory) {
        return new ChildCli(directory, Map.of(), "256m");
    }

    /** The same CLI with these variables added to (or replacing those of) its environment. */
    public ChildCli withEnv(Map<String, String> variables) {
        java.util.HashMap<String, String> merged = new java.util.HashMap<>(environment);
        merged.putAll(variables);
        return new ChildCli(directory, merged, maxHeap);
    }

    /** The same CLI with another {@code -Xmx}. */
    public ChildCli withMaxHeap(String xmx) {
        return new ChildCli(directory, environment, xmx);
    }

    /** How one invocation ended. Output is in files; {@link #stdout()} and {@link #stderr()} read them (keep them small). */
    public record Result(int exitCode, long pid, Path stdoutFile, Path stderrFile, long millis) {
        public String stdout() {
            return read(stdoutFile);
        }

        public String stderr() {
            return read(stderrFile);
        }

        private static String read(Path file) {
            try {
                return Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Starts the CLI; {@link Running#await} waits for it. */
    public Running start(List<String> args) throws IOException {
        Files.createDirectories(directory);
        Path out = Files.createTempFile(directory, "cli-", ".out");
        Path err = Files.createTempFile(directory, "cli-", ".err");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + maxHeap, "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), "io.gputraining.cli.Main"));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().putAll(environment);
        return new Running(builder.start(), out, err, System.nanoTime());
    }

    /** Runs the CLI to its end, at most {@code timeoutSeconds}. */
    public Result run(List<String> args, long timeoutSeconds) throws IOException, InterruptedException {
        return start(args).await(timeoutSeconds);
    }

    /** A CLI process still running. */
    public record Running(Process process, Path stdoutFile, Path stderrFile, long startedNanos) {
        public long pid() {
            return process.pid();
        }

        public Result await(long timeoutSeconds) throws InterruptedException {
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError("the CLI (pid " + process.pid() + ") ran past " + timeoutSeconds + " s and was killed");
            }
            return new Result(process.exitValue(), process.pid(), stdoutFile, stderrFile,
                    (System.nanoTime() - startedNanos) / 1_000_000);
        }
    }
}
