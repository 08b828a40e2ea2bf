package io.gputraining.engine.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real docker CLI with a chosen {@code DOCKER_CONFIG}, for tests that need what it writes there
 * ({@code docker login}) or that push with such a login.
 */
public final class DockerCli {

    private static final Path BINARY = Path.of("/usr/bin/docker");

    private DockerCli() {
    }

    /**
     * Runs {@code docker args…} against the tests' daemon and waits up to two minutes.
     *
     * @param dockerConfig the directory the CLI reads and writes its config.json in
     * @param stdin        what to write to its standard input (a password for {@code --password-stdin}), or null
     * @return what it printed, stdout and stderr together
     * @throws IllegalStateException when it fails, with its output
     */
    public static String run(Path dockerConfig, String stdin, String... args) throws IOException, InterruptedException {
        TestEnvironment.requirePresent(Files.isExecutable(BINARY), BINARY + " (the docker CLI, Debian package docker.io)");
        List<String> argv = new ArrayList<>(List.of(BINARY.toString()));
        argv.addAll(List.of(args));
        Path output = Files.createTempFile("docker-cli", ".log");
        try {
            ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(output.toFile());
            pb.environment().put("DOCKER_CONFIG", dockerConfig.toString());
            pb.environment().put("DOCKER_HOST", TestEnvironment.dockerHost());
            Process p = pb.start();
            try (OutputStream in = p.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("docker " + args[0] + " did not end within 120 s: " + Files.readString(output));
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("docker " + args[0] + " exited " + p.exitValue() + ": " + Files.readString(output));
            }
            return Files.readString(output);
        } finally {
            Files.deleteIfExists(output);
        }
    }

    /** {@code docker login} as a user runs it, the password on stdin; the CLI writes the login into config.json. */
    public static void login(Path dockerConfig, String server, String user, String password) throws IOException, InterruptedException {
        run(dockerConfig, password, "login", "--username", user, "--password-stdin", server);
    }
}
