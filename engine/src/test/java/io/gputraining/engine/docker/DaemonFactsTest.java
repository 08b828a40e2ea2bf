package io.gputraining.engine.docker;

import static org.assertj.core.api.Assertions.assertThat;

import io.gputraining.engine.cdi.CdiKind;
import io.gputraining.engine.runtime.GpuAccess;
import io.gputraining.engine.runtime.GpuRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which way GPUs go, decided from what the daemon says it is. */
class DaemonFactsTest {

    private static DaemonFacts docker(String version, List<String> cdiSpecDirs) {
        return new DaemonFacts(DaemonFacts.Kind.DOCKER, version, "1.45", false, "2", cdiSpecDirs, List.of("runc"), null);
    }

    private static final DaemonFacts PODMAN = new DaemonFacts(DaemonFacts.Kind.PODMAN, "4.3.1", "1.41", true, "1",
            DaemonFacts.DEFAULT_CDI_SPEC_DIRS, List.of("runc", "crun"), "1000:1000");

    @Test
    void podmanAlwaysGivesCdiDevices() {
        assertThat(PODMAN.gpuAccess(GpuRequest.all(), CdiKind.NVIDIA_GPU))
                .isEqualTo(new GpuAccess(GpuAccess.Mode.CDI, List.of("nvidia.com/gpu=all")));
    }

    @Test
    void docker26WithCdiOnGivesCdiDevices() {
        assertThat(docker("26.1.5", List.of("/etc/cdi", "/var/run/cdi")).gpuAccess(GpuRequest.ids(List.of("1")), CdiKind.NVIDIA_GPU))
                .isEqualTo(new GpuAccess(GpuAccess.Mode.CDI, List.of("nvidia.com/gpu=1")));
    }

    @Test
    void docker26WithCdiOffGivesDeviceRequests() {
        assertThat(docker("26.1.5", List.of()).gpuAccess(GpuRequest.all(), CdiKind.NVIDIA_GPU))
                .isEqualTo(new GpuAccess(GpuAccess.Mode.DEVICE_REQUEST, List.of("all")));
    }

    @Test
    void dockerBefore25GivesDeviceRequestsWhateverItSays() {
        DaemonFacts old = docker("20.10.24+dfsg1", List.of("/etc/cdi"));
        assertThat(old.resolvesCdi()).isFalse();
        assertThat(old.gpuAccess(GpuRequest.count(2), CdiKind.NVIDIA_GPU))
                .isEqualTo(new GpuAccess(GpuAccess.Mode.DEVICE_REQUEST, List.of("2")));
    }

    @Test
    void noGpusIsNoAccessEverywhere() {
        assertThat(PODMAN.gpuAccess(GpuRequest.none(), CdiKind.NVIDIA_GPU)).isEqualTo(GpuAccess.none());
        assertThat(docker("20.10.24", List.of()).gpuAccess(GpuRequest.none(), CdiKind.NVIDIA_GPU)).isEqualTo(GpuAccess.none());
    }

    @Test
    void rootlessOnCgroupV1CannotLimitMemoryButV2AndRootfulCan() {
        assertThat(PODMAN.canLimitMemory()).isFalse();
        assertThat(new DaemonFacts(DaemonFacts.Kind.PODMAN, "5.4.2", "1.41", true, "2", List.of(), List.of(), "1000:1000")
                .canLimitMemory()).isTrue();
        assertThat(new DaemonFacts(DaemonFacts.Kind.PODMAN, "4.3.1", "1.41", false, "1", List.of(), List.of(), null)
                .canLimitMemory()).isTrue();
    }

    @Test
    void describesProductVersionRootlessAndAddress() {
        assertThat(PODMAN.describe("unix:///run/user/1000/podman/podman.sock"))
                .isEqualTo("podman 4.3.1 (rootless, API 1.41) at unix:///run/user/1000/podman/podman.sock");
        assertThat(docker("26.1.5", List.of()).describe("unix:///var/run/docker.sock"))
                .isEqualTo("docker 26.1.5 (API 1.45) at unix:///var/run/docker.sock");
    }
}
