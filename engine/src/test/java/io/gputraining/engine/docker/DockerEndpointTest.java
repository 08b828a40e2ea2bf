package io.gputraining.engine.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gputraining.engine.runtime.RuntimeKind;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The daemon address from the variables docker-workflow's withDockerServer sets. */
class DockerEndpointTest {

    @Test
    void defaultsToTheLocalSocket() {
        assertThat(DockerEndpoint.fromEnvironment(Map.of()).host()).isEqualTo("unix:///var/run/docker.sock");
    }

    @Test
    void readsHostTlsAndCertPath() {
        DockerEndpoint endpoint = DockerEndpoint.fromEnvironment(Map.of(
                "DOCKER_HOST", "tcp://127.0.0.1:2376", "DOCKER_TLS_VERIFY", "1", "DOCKER_CERT_PATH", "/certs"));

        assertThat(endpoint).isEqualTo(new DockerEndpoint("tcp://127.0.0.1:2376", true, "/certs"));
    }

    @Test
    void tlsVerifyZeroOrEmptyMeansOff() {
        assertThat(DockerEndpoint.fromEnvironment(Map.of("DOCKER_TLS_VERIFY", "0")).tlsVerify()).isFalse();
        assertThat(DockerEndpoint.fromEnvironment(Map.of("DOCKER_TLS_VERIFY", "")).tlsVerify()).isFalse();
    }

    @Test
    void refusesAnAddressThatIsNotADockerAddress() {
        assertThatThrownBy(() -> new DockerEndpoint("http://127.0.0.1:2375", false, null))
                .isInstanceOf(DockerUnavailableException.class)
                .hasMessageContaining("tcp://host:port");
    }

    @Test
    void podmanIsContainerHostWhenSet() {
        assertThat(DockerEndpoint.podmanFromEnvironment(Map.of("CONTAINER_HOST", "unix:///srv/podman.sock"), 1000).host())
                .isEqualTo("unix:///srv/podman.sock");
    }

    @Test
    void podmanForRootIsTheRootfulSocketAndForAUserTheirRootlessOne() {
        assertThat(DockerEndpoint.podmanFromEnvironment(Map.of(), 0).host()).isEqualTo("unix:///run/podman/podman.sock");
        assertThat(DockerEndpoint.podmanFromEnvironment(Map.of("XDG_RUNTIME_DIR", "/run/user/1000"), 1000).host())
                .isEqualTo("unix:///run/user/1000/podman/podman.sock");
        assertThat(DockerEndpoint.podmanFromEnvironment(Map.of(), 1001).host()).isEqualTo("unix:///run/user/1001/podman/podman.sock");
    }

    @Test
    void podmanOverSshIsRefusedWithWhatToDoInstead() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DockerEndpoint.podmanFromEnvironment(
                        Map.of("CONTAINER_HOST", "ssh://core@host/run/podman/podman.sock"), 1000))
                .isInstanceOf(DockerUnavailableException.class).hasMessageContaining("ssh");
    }

    @Test
    void eachContainerRuntimeFindsItsOwnDaemonAndTheLocalOneHasNone() {
        Map<String, String> env = Map.of("DOCKER_HOST", "tcp://127.0.0.1:2376", "XDG_RUNTIME_DIR", "/run/user/1000");

        assertThat(DockerEndpoint.forRuntime(RuntimeKind.DOCKER, env, 1000).host()).isEqualTo("tcp://127.0.0.1:2376");
        assertThat(DockerEndpoint.forRuntime(RuntimeKind.PODMAN, env, 1000).host()).isEqualTo("unix:///run/user/1000/podman/podman.sock");
        assertThat(DockerEndpoint.forRuntime(RuntimeKind.PODMAN, env, 0).host()).isEqualTo(DockerEndpoint.PODMAN_ROOTFUL_HOST);
        assertThatThrownBy(() -> DockerEndpoint.forRuntime(RuntimeKind.LOCAL, env, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
