package io.gputraining.cli;

import io.gputraining.engine.docker.DockerEndpoint;
import picocli.CommandLine.Option;

/** How to reach Docker: flags first, then DOCKER_HOST / DOCKER_TLS_VERIFY / DOCKER_CERT_PATH. */
final class DockerOptions {

    @Option(names = "--docker-host", paramLabel = "URL", description = "Docker daemon address (default: $DOCKER_HOST or unix:///var/run/docker.sock)")
    String host;

    DockerEndpoint endpoint() {
        DockerEndpoint fromEnv = DockerEndpoint.fromEnvironment();
        return host == null ? fromEnv : new DockerEndpoint(host, fromEnv.tlsVerify(), fromEnv.certPath());
    }
}
