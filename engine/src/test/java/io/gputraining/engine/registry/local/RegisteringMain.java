package io.gputraining.engine.registry.local;

import io.gputraining.engine.LogSink;
import io.gputraining.engine.ProgressListener;
import io.gputraining.engine.registry.RegisteredModel;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A second process for the cross-process tests. Arguments: registry root, model name, work directory, keys
 * (comma-separated). Prints {@code READY}, waits for a line on stdin (so that the test can start both writers
 * at once), registers {@code <work>/<key>/} under each key and prints {@code VERSION <key> <n> <digest>}.
 */
public final class RegisteringMain {

    private RegisteringMain() {
    }

    public static void main(String[] args) throws Exception {
        LocalModelRegistry registry = new LocalModelRegistry(Path.of(args[0]));
        Path work = Path.of(args[2]);
        System.out.println("READY");
        System.out.flush();
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        for (String key : args[3].split(",")) {
            RegisteredModel m = registry.register(Publications.of(args[1], key,
                    Publications.select(Publications.outputFor(work, key)), null), LogSink.discarding(),
                    ProgressListener.ignoring());
            System.out.println("VERSION " + key + " " + m.version() + " " + m.digest());
            System.out.flush();
        }
    }
}
