package io.gputraining.engine.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import com.github.dockerjava.transport.DockerHttpClient;
import io.gputraining.engine.runtime.HostUser;
import io.gputraining.engine.runtime.RuntimeKind;
import java.io.Serializable;
import java.time.Duration;
import java.util.Map;

/**
 * Where the Docker daemon is: a unix socket, or tcp with optional TLS, as {@code DOCKER_HOST},
 * {@code DOCKER_TLS_VERIFY} and {@code DOCKER_CERT_PATH} say (the variables docker-workflow's
 * {@code withDockerServer} sets). A value, so the Jenkins side can send it to the agent.
 *
 * @param host      {@code unix:///var/run/docker.sock} or {@code tcp://host:2376}
 * @param tlsVerify whether to verify the daemon's certificate (tcp only)
 * @param certPath  directory holding ca.pem, cert.pem, key.pem, or null
 */
public record DockerEndpoint(String host, boolean tlsVerify, String certPath) implements Serializable {

    public static final String DEFAULT_HOST = "unix:///var/run/docker.sock";

    /** Podman's rootful service socket, where {@code podman.socket} (or {@code podman system service}) listens. */
    public static final String PODMAN_ROOTFUL_HOST = "unix:///run/podman/podman.sock";

    public DockerEndpoint {
        if (host == null || host.isBlank()) {
            host = DEFAULT_HOST;
        }
        if (!host.startsWith("unix://") && !host.startsWith("tcp://") && !host.startsWith("npipe://")) {
            throw new DockerUnavailableException("DOCKER_HOST '" + host + "' is not a docker address: use unix:///path/to/docker.sock or tcp://host:port.");
        }
    }

    /** From the process environment (or the given map, e.g. a build's environment). */
    public static DockerEndpoint fromEnvironment(Map<String, String> env) {
        String tls = env.getOrDefault("DOCKER_TLS_VERIFY", "");
        return new DockerEndpoint(env.get("DOCKER_HOST"), !tls.isEmpty() && !tls.equals("0"), env.get("DOCKER_CERT_PATH"));
    }

    public static DockerEndpoint fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /**
     * Podman's Docker-compatible socket as Podman's own clients find it: {@code CONTAINER_HOST} when set (plain
     * HTTP only: an {@code ssh://} host is refused), else for root the rootful service's socket, else the user's
     * rootless one, {@code $XDG_RUNTIME_DIR/podman/podman.sock} ({@code /run/user/UID} without XDG_RUNTIME_DIR).
     *
     * @param uid this process' user id, or -1 when unknown (taken as root)
     */
    public static DockerEndpoint podmanFromEnvironment(Map<String, String> env, long uid) {
        String host = env.get("CONTAINER_HOST");
        if (host != null && !host.isBlank()) {
            if (host.startsWith("ssh://")) {
                throw new DockerUnavailableException("CONTAINER_HOST '" + host + "' is an ssh address, which this engine does not"
                        + " speak: run the agent on the Podman host and use its socket (unix:///run/podman/podman.sock, or the"
                        + " user's $XDG_RUNTIME_DIR/podman/podman.sock).");
            }
            return new DockerEndpoint(host, false, null);
        }
        if (uid <= 0) {
            return new DockerEndpoint(PODMAN_ROOTFUL_HOST, false, null);
        }
        String runtimeDir = env.get("XDG_RUNTIME_DIR");
        if (runtimeDir == null || runtimeDir.isBlank()) {
            runtimeDir = "/run/user/" + uid;
        }
        return new DockerEndpoint("unix://" + runtimeDir + "/podman/podman.sock", false, null);
    }

    /**
     * The socket of the daemon {@code kind} names, as its own clients find it: Docker's from {@code DOCKER_HOST} and its
     * TLS variables ({@link #fromEnvironment(Map)}), Podman's from {@code CONTAINER_HOST} or the rootful or rootless
     * socket ({@link #podmanFromEnvironment}). The one place that decides this, for the CLI and the plugin.
     *
     * @param env the environment that says where the daemon is (the process', or a build's on its agent)
     * @param uid the user id of the process that will connect, or -1 when unknown (taken as root)
     * @throws IllegalArgumentException for the local runtime, which has no daemon
     */
    public static DockerEndpoint forRuntime(RuntimeKind kind, Map<String, String> env, long uid) {
        return switch (kind) {
            case DOCKER -> fromEnvironment(env);
            case PODMAN -> podmanFromEnvironment(env, uid);
            case LOCAL -> throw new IllegalArgumentException("the local runtime has no daemon to connect to");
        };
    }

    /** {@link #forRuntime(RuntimeKind, Map, long)} for this process: call it where the connection will be made (the agent). */
    public static DockerEndpoint forRuntime(RuntimeKind kind, Map<String, String> env) {
        return forRuntime(kind, env, HostUser.uid());
    }

    /**
     * Opens a client and checks that the daemon answers.
     *
     * @throws DockerUnavailableException with the address and what to check when it does not
     * @throws DockerConnectInterruptedException when the thread was interrupted meanwhile (its flag set again)
     */
    public DockerClient connect() {
        DefaultDockerClientConfig.Builder config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(host)
                .withDockerTlsVerify(tlsVerify);
        if (certPath != null && !certPath.isBlank()) {
            config.withDockerCertPath(certPath);
        }
        DockerClientConfig built = config.build();
        DockerHttpClient http = new ApacheDockerHttpClient.Builder()
                .dockerHost(built.getDockerHost())
                .sslConfig(built.getSSLConfig())
                .maxConnections(64)
                .connectionTimeout(Duration.ofSeconds(10))
                .build();
        DockerClient client = DockerClientImpl.getInstance(built, http);
        try {
            client.pingCmd().exec();
        } catch (RuntimeException e) {
            closeQuietly(client);
            if (Thread.currentThread().isInterrupted() || InterruptibleCall.causedByInterrupt(e)) {
                Thread.currentThread().interrupt();
                throw new DockerConnectInterruptedException(host, e);
            }
            throw new DockerUnavailableException("Cannot reach the Docker daemon at " + host + ": " + rootMessage(e)
                    + ". Check that dockerd is running (systemctl status docker), that this user may use its socket"
                    + " (the docker group), or set DOCKER_HOST to the daemon's address. For Podman, check that its socket"
                    + " is listening (systemctl enable --now podman.socket, or systemctl --user enable --now podman.socket"
                    + " for a rootless agent).", e);
        }
        return client;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }

    static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // closing a client that failed to connect; nothing to report
        }
    }
}
