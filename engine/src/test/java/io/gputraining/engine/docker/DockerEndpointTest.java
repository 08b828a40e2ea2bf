package io.gputraining.engine.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
}
