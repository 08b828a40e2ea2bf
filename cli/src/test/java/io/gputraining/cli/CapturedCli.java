package io.gputraining.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The CLI run in this JVM as a user runs it, with stdout and stderr captured around each test (register it with
 * {@code @RegisterExtension}). The configuration is read from the environment a test gives and a fresh HOME,
 * never from the real ones, so a developer's own {@code GPU_TRAINING_*} or config file does not change a test; unless
 * a test says otherwise, {@code GPU_TRAINING_GPUS=none}, since there is no GPU here.
 */
final class CapturedCli implements BeforeEachCallback, AfterEachCallback {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private Path home;
    private PrintStream savedOut;
    private PrintStream savedErr;

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        home = Files.createTempDirectory("gpu-training-cli-home");
        savedOut = System.out;
        savedErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        System.setOut(savedOut);
        System.setErr(savedErr);
        try (Stream<Path> files = Files.walk(home)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    /** The HOME the configuration is looked up in (its {@code .config/gpu-training/config.properties}). */
    Path home() {
        return home;
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
        // The tests' host has no GPU: configured as a team configures its CPU hosts (GPUs default to all of them).
        environment.putIfAbsent("GPU_TRAINING_GPUS", "none");
        return Main.execute(environment, args);
    }

    String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
