package io.gputraining.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The CLI run in this JVM as a user runs it, with stdout and stderr captured: {@link #start()} before a test,
 * {@link #stop()} after. The configuration is read from the environment a test gives, never from the real one, so
 * a developer's own {@code GPU_TRAINING_*} or config file does not change a test.
 */
final class CapturedCli {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final Path home;
    private PrintStream savedOut;
    private PrintStream savedErr;

    /** @param home the HOME of the configuration lookup (its {@code .config/gpu-training/config.properties}) */
    CapturedCli(Path home) {
        this.home = home;
    }

    void start() {
        savedOut = System.out;
        savedErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    void stop() {
        System.setOut(savedOut);
        System.setErr(savedErr);
    }

    int run(String... args) {
        return run(Map.of(), args);
    }

    /** Runs with {@code env} as the configuration environment (HOME is the test's). */
    int run(Map<String, String> env, String... args) {
        out.reset();
        err.reset();
        Map<String, String> environment = new HashMap<>(env);
        environment.putIfAbsent("HOME", home.toString());
        return Main.execute(environment, args);
    }

    String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
