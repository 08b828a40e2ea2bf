package io.gputraining.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gputraining.engine.EngineException;
import org.junit.jupiter.api.Test;

class RuntimeKindTest {

    @Test
    void namesReadInAnyCaseAndBlankMeansTheFallback() {
        assertThat(RuntimeKind.parse("Podman")).isEqualTo(RuntimeKind.PODMAN);
        assertThat(RuntimeKind.parse(" local ")).isEqualTo(RuntimeKind.LOCAL);
        assertThat(RuntimeKind.parse(null)).isEqualTo(RuntimeKind.DOCKER);
        assertThat(RuntimeKind.parse("", RuntimeKind.PODMAN)).isEqualTo(RuntimeKind.PODMAN);
    }

    @Test
    void dockerAndPodmanRunContainersAndLocalDoesNot() {
        assertThat(RuntimeKind.DOCKER.containers()).isTrue();
        assertThat(RuntimeKind.PODMAN.containers()).isTrue();
        assertThat(RuntimeKind.LOCAL.containers()).isFalse();
    }

    @Test
    void anUnknownNameListsTheKnownOnesWithWhatTheyMean() {
        assertThatThrownBy(() -> RuntimeKind.parse("kubernetes")).isInstanceOf(EngineException.class)
                .hasMessageStartingWith("runtime 'kubernetes' is not known: use docker, podman, local (docker: containers on")
                .hasMessageContaining("podman: containers on Podman, rootful or rootless");
    }
}
