package io.gputraining.engine.image;

import io.gputraining.engine.testing.TestEnvironment;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real {@code docker-registry} (distribution 2.x, Debian's package) serving on a free 127.0.0.1 port,
 * configured by a YAML fragment for {@code auth} and {@code tls}. {@link #close()} stops it.
 */
public final class LocalRegistryProcess implements AutoCloseable {

    static final Path BINARY = Path.of("/usr/bin/docker-registry");
    private static final Pattern PROVISIONED_PASSWORD = Pattern.compile("password=(\\S+) user=(\\S+)");

    private final Process process;
    private final Path log;
    private final int port;

    private LocalRegistryProcess(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /**
     * Starts a registry and waits until it listens.
     *
     * @param workDir     where its configuration and log go
     * @param storage     its storage root; two registries may share one
     * @param httpExtra   YAML lines under {@code http:} (indented two spaces), e.g. a {@code tls:} block
     * @param topLevel    YAML at top level, e.g. an {@code auth:} block
     */
    public static LocalRegistryProcess start(Path workDir, Path storage, String httpExtra, String topLevel)
            throws IOException, InterruptedException {
        TestEnvironment.requirePresent(Files.isExecutable(BINARY), BINARY + " (Debian package docker-registry)");
        int port = freeLoopbackPort();
        Files.createDirectories(workDir);
        Path config = workDir.resolve("config.yml");
        Files.writeString(config, "version: 0.1\n"
                + "log:\n  level: info\n  formatter: text\n"
                + "storage:\n  filesystem:\n    rootdirectory: " + storage + "\n"
                + "http:\n  addr: 127.0.0.1:" + port + "\n  secret: gpu-training-test\n" + httpExtra
                + topLevel);
        Path log = workDir.resolve("registry.log");
        Process process = new ProcessBuilder(BINARY.toString(), "serve", config.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        LocalRegistryProcess registry = new LocalRegistryProcess(process, log, port);
        registry.awaitListening(Duration.ofSeconds(20));
        return registry;
    }

    /**
     * A registry that requires HTTP Basic authentication, with the user it provisions itself
     * ({@link #provisionedUser()}); configuration, storage and password file go under {@code workDir}.
     */
    public static LocalRegistryProcess startWithHtpasswd(Path workDir) throws IOException, InterruptedException {
        return start(workDir.resolve("registry"), workDir.resolve("storage"), "",
                "auth:\n  htpasswd:\n    realm: gpu-training-test\n    path: " + workDir.resolve("htpasswd") + "\n");
    }

    private void awaitListening(Duration limit) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(limit);
        while (Instant.now().isBefore(deadline)) {
            if (log().contains("listening on 127.0.0.1:" + port)) {
                return;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("docker-registry exited with " + process.exitValue() + ":\n" + log());
            }
            Thread.sleep(50);
        }
        close();
        throw new IllegalStateException("docker-registry did not listen within " + limit + ":\n" + log());
    }

    static int freeLoopbackPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    public String hostPort() {
        return "127.0.0.1:" + port;
    }

    int port() {
        return port;
    }

    String log() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    /**
     * The user (named {@code docker}) and password that the registry writes into a missing htpasswd file and logs
     * once (distribution 2.7+), which spares the test a bcrypt implementation.
     */
    public RegistryAuth provisionedUser() throws IOException {
        Matcher m = PROVISIONED_PASSWORD.matcher(log());
        if (!m.find()) {
            throw new IllegalStateException("registry did not log a provisioned htpasswd user:\n" + log());
        }
        return RegistryAuth.usernamePassword(m.group(2), m.group(1));
    }

    /** Stops the registry (TERM, then KILL after 10 s, or at once when interrupted). */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
