package io.gputraining.cli;

import io.gputraining.engine.docker.DockerEndpoint;
import io.gputraining.engine.docker.DockerImages;
import io.gputraining.engine.docker.DockerRuntime;
import io.gputraining.engine.image.DockerConfigCredentials;
import io.gputraining.engine.image.ManifestDigestResolver;
import io.gputraining.engine.runtime.ContainerRuntime;
import picocli.CommandLine.Option;

/**
 * How to reach Docker: flags first, then DOCKER_HOST / DOCKER_TLS_VERIFY / DOCKER_CERT_PATH; and where the
 * registry logins are: {@code --docker-config}, then DOCKER_CONFIG, then ~/.docker, as for the docker CLI.
 */
final class DockerOptions {

    @Option(names = "--docker-host", paramLabel = "URL", description = "Docker daemon address (default: $DOCKER_HOST or unix:///var/run/docker.sock)")
    String host;

    @Option(names = "--docker-config", paramLabel = "DIR", description = "Directory of the config.json holding registry logins, as docker login writes it (default: $DOCKER_CONFIG or ~/.docker)")
    String config;

    DockerEndpoint endpoint() {
        DockerEndpoint fromEnv = DockerEndpoint.fromEnvironment();
        return host == null ? fromEnv : new DockerEndpoint(host, fromEnv.tlsVerify(), fromEnv.certPath());
    }

    /** The registry logins the docker CLI would use here. */
    DockerConfigCredentials registryLogins() {
        return DockerConfigCredentials.of(config != null ? config : System.getenv("DOCKER_CONFIG"));
    }

    /** The daemon's images for a Docker runtime, logging in as docker login left it; null for the local runtime. */
    DockerImages images(ContainerRuntime runtime) {
        return runtime instanceof DockerRuntime d
                ? new DockerImages(d.client(), ManifestDigestResolver.withDefaults(), registryLogins()) : null;
    }
}
