package io.gputraining.engine.cdi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gputraining.engine.EngineException;
import io.gputraining.engine.runtime.GpuRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A GPU request as the CDI device names a runtime resolves. */
class CdiKindTest {

    @Test
    void allIsTheSpecsAllDevice() {
        assertThat(CdiKind.NVIDIA_GPU.devicesFor(GpuRequest.all())).containsExactly("nvidia.com/gpu=all");
    }

    @Test
    void idsAreNamedAsGivenIndexesAndUuidsAlike() {
        assertThat(CdiKind.NVIDIA_GPU.devicesFor(GpuRequest.parse("0,GPU-f90262c0-4579-dbde-c3d1-c3c89e863339")))
                .containsExactly("nvidia.com/gpu=0", "nvidia.com/gpu=GPU-f90262c0-4579-dbde-c3d1-c3c89e863339");
    }

    @Test
    void aCountIsTheFirstThatManyIndexesAsDockerGpusTakesThem() {
        assertThat(CdiKind.NVIDIA_GPU.devicesFor(GpuRequest.count(2))).containsExactly("nvidia.com/gpu=0", "nvidia.com/gpu=1");
    }

    @Test
    void noneIsNoDevice() {
        assertThat(CdiKind.NVIDIA_GPU.devicesFor(GpuRequest.none())).isEmpty();
    }

    @Test
    void aMigDeviceNameWithColonsIsValid() {
        assertThat(CdiKind.NVIDIA_GPU.devicesFor(GpuRequest.ids(List.of("0:1")))).containsExactly("nvidia.com/gpu=0:1");
    }

    @Test
    void parsesVendorAndClassAndRefusesWhatCdiRefuses() {
        assertThat(CdiKind.parse("amd.com/gpu")).isEqualTo(new CdiKind("amd.com", "gpu"));
        assertThatThrownBy(() -> CdiKind.parse("nvidia.com")).isInstanceOf(EngineException.class).hasMessageContaining("vendor/class");
        assertThatThrownBy(() -> CdiKind.parse("-bad/gpu")).isInstanceOf(EngineException.class);
        assertThatThrownBy(() -> CdiKind.parse("nvidia.com/g.pu")).isInstanceOf(EngineException.class);
    }

    @Test
    void aDeviceNameWithASlashIsRefused() {
        assertThatThrownBy(() -> CdiKind.NVIDIA_GPU.device("a/b")).isInstanceOf(EngineException.class).hasMessageContaining("a/b");
    }

    @Test
    void nameOfStripsItsOwnKindOnly() {
        assertThat(CdiKind.NVIDIA_GPU.nameOf("nvidia.com/gpu=GPU-1")).isEqualTo("GPU-1");
        assertThat(CdiKind.NVIDIA_GPU.nameOf("amd.com/gpu=0")).isNull();
    }
}
