package io.gputraining.engine.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gputraining.engine.runtime.ContainerSpec;
import io.gputraining.engine.runtime.GpuAccess;
import io.gputraining.engine.runtime.Mount;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The SpecGenerator document Podman's own create gets: the same hardening as on Docker, in its terms. */
class PodmanContainerCreateTest {

    private static final DaemonFacts ROOTFUL = new DaemonFacts(DaemonFacts.Kind.PODMAN, "4.3.1", "1.41", false, "1",
            DaemonFacts.DEFAULT_CDI_SPEC_DIRS, List.of("runc"), null);
    private static final DaemonFacts ROOTLESS = new DaemonFacts(DaemonFacts.Kind.PODMAN, "4.3.1", "1.41", true, "1",
            DaemonFacts.DEFAULT_CDI_SPEC_DIRS, List.of("runc"), "999:995");

    private static ContainerPlan plan(ContainerSpec spec, GpuAccess gpus, boolean keepAlive) {
        return new ContainerPlan(spec, "gpu-training-x", List.of("python3", "train.py"), Map.of("HOME", "/tmp"),
                Map.of("io.gputraining.managed", "1"), keepAlive, gpus);
    }

    @Test
    void hardenedAsOnDockerWithCdiDevicesAndUnsignedUnlimited() {
        ContainerSpec spec = ContainerSpec.builder("img@sha256:abc").mount(Mount.samePath("/ws")).workingDir("/ws").user("1000:1000").build();
        ObjectNode s = PodmanContainerCreate.specGenerator(ROOTFUL,
                plan(spec, new GpuAccess(GpuAccess.Mode.CDI, List.of("nvidia.com/gpu=0", "nvidia.com/gpu=1")), false));

        assertThat(s.path("privileged").asBoolean(true)).isFalse();
        assertThat(s.path("no_new_privileges").asBoolean()).isTrue();
        assertThat(s.path("netns").path("nsmode").asText()).isEqualTo("none");
        assertThat(s.path("shm_size").asLong()).isEqualTo(2L << 30);
        assertThat(s.path("user").asText()).isEqualTo("1000:1000");
        assertThat(s.has("userns")).isFalse();
        assertThat(s.path("devices").findValuesAsText("path")).containsExactly("nvidia.com/gpu=0", "nvidia.com/gpu=1");
        assertThat(s.path("mounts").get(0).toString())
                .isEqualTo("{\"destination\":\"/ws\",\"source\":\"/ws\",\"type\":\"bind\",\"options\":[\"rbind\",\"rw\"]}");
        assertThat(s.path("r_limits").toString())
                .contains("{\"type\":\"memlock\",\"soft\":18446744073709551615,\"hard\":18446744073709551615}")
                .contains("{\"type\":\"stack\",\"soft\":67108864,\"hard\":67108864}");
        assertThat(s.path("env").path("HOME").asText()).isEqualTo("/tmp");
        assertThat(s.has("init")).isFalse();
    }

    @Test
    void rootlessRunsTheCallerAsTheServiceUserUnderKeepId() {
        ObjectNode s = PodmanContainerCreate.specGenerator(ROOTLESS,
                plan(ContainerSpec.builder("img").user("0:0").build(), GpuAccess.none(), false));

        assertThat(s.path("userns").path("nsmode").asText()).isEqualTo("keep-id");
        assertThat(s.path("user").asText()).isEqualTo("999:995");
        assertThat(s.path("devices")).isEmpty();
    }

    @Test
    void withoutAUserTheImagesUserRunsInPodmansOwnMapping() {
        ObjectNode s = PodmanContainerCreate.specGenerator(ROOTLESS, plan(ContainerSpec.builder("img").build(), GpuAccess.none(), false));

        assertThat(s.has("userns")).isFalse();
        assertThat(s.has("user")).isFalse();
    }

    @Test
    void aSessionKeepsStdinOpenWithAnInit() {
        ObjectNode s = PodmanContainerCreate.specGenerator(ROOTFUL, plan(ContainerSpec.builder("img").build(), GpuAccess.none(), true));

        assertThat(s.path("stdin").asBoolean()).isTrue();
        assertThat(s.path("init").asBoolean()).isTrue();
    }

    @Test
    void aMemoryLimitCapsSwapToo() {
        ObjectNode s = PodmanContainerCreate.specGenerator(ROOTFUL,
                plan(ContainerSpec.builder("img").memoryBytes(1L << 30).build(), GpuAccess.none(), false));

        assertThat(s.path("resource_limits").path("memory").toString()).isEqualTo("{\"limit\":1073741824,\"swap\":1073741824}");
    }

    @Test
    void aMemoryLimitARootlessCgroupV1ServiceWouldDropIsRefused() {
        assertThatThrownBy(() -> PodmanContainerCreate.specGenerator(ROOTLESS,
                plan(ContainerSpec.builder("img").memoryBytes(1L << 30).build(), GpuAccess.none(), false)))
                .isInstanceOf(ContainerSettingRefusedException.class)
                .hasMessageContaining("cgroup v1");
    }
}
