package io.gputraining.cli;

import io.gputraining.engine.docker.DockerEndpoint;
import io.gputraining.engine.docker.DockerImages;
import io.gputraining.engine.docker.DockerRuntime;
import io.gputraining.engine.image.DockerConfigCredentials;
import io.gputraining.engine.image.ManifestDigestResolver;
import io.gputraining.engine.runtime.ContainerRuntime;
import io.gputraining.engine.runtime.RuntimeKind;
import picocli.CommandLine.Option;

/**
 * How to reach the daemon: flags first, then DOCKER_HOST / DOCKER_TLS_VERIFY / DOCKER_CERT_PATH for Docker, or
 * CONTAINER_HOST and the rootful or rootless socket for Podman; and where the registry logins are:
 * {@code --docker-config}, then DOCKER_CONFIG, then ~/.docker, as for the docker CLI.
 */
final class DockerOptions {

    @Option(names = "--docker-host", paramLabel = "URL", description = "Daemon address (default: $DOCKER_HOST or unix:///var/run/docker.sock;"
            + " with --runtime podman, $CONTAINER_HOST, else unix:///run/podman/podman.sock for root and"
            + " $XDG_RUNTIME_DIR/podman/podman.sock for other users)")
    String host;

    @Option(names = "--docker-config", paramLabel = "DIR", description = "Directory of the config.json holding registry logins, as docker login writes it (default: $DOCKER_CONFIG or ~/.docker)")
    String config;

    /** The Docker daemon's address. */
    DockerEndpoint endpoint() {
        return endpoint(RuntimeChoice.DOCKER);
    }

    /** The address of the daemon {@code runtime} names (Docker's or Podman's); {@code --docker-host} wins for both. */
    DockerEndpoint endpoint(RuntimeChoice runtime) {
        DockerEndpoint fromEnv = DockerEndpoint.fromEnvironment();
        if (host != null) {
            return new DockerEndpoint(host, fromEnv.tlsVerify(), fromEnv.certPath());
        }
        return runtime == RuntimeChoice.PODMAN ? DockerEndpoint.forRuntime(RuntimeKind.PODMAN, System.getenv()) : fromEnv;
    }

    /** The registry logins the docker CLI would use here. */
    DockerConfigCredentials registryLogins() {
        return DockerConfigCredentials.of(config != null ? config : System.getenv("DOCKER_CONFIG"));
    }

    /** The daemon's images for a Docker or Podman runtime, logging in as docker login left it; null for the local runtime. */
    DockerImages images(ContainerRuntime runtime) {
        return runtime instanceof DockerRuntime d
                ? new DockerImages(d.client(), ManifestDigestResolver.withDefaults(), registryLogins()) : null;
    }
}
