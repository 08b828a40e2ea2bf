package io.gputraining.engine.preflight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gputraining.engine.preflight.host.NoNvidiaDriverException;
import io.gputraining.engine.preflight.host.NvidiaSmiFailedException;
import java.util.List;
import org.junit.jupiter.api.Test;

class PreflightEvidenceTest {

    @Test
    void hostEvidenceOfANoDriverAgentKeepsTheExceptionsMessage() {
        NoNvidiaDriverException error = new NoNvidiaDriverException("on the PATH (/usr/local/bin:/usr/bin:/bin)");

        HostGpuEvidence host = HostGpuEvidence.noDriver(error);

        assertThat(host.status()).isEqualTo(HostGpuEvidence.Status.NO_DRIVER);
        assertThat(host.inventoryIfRead()).isEmpty();
        assertThat(host.message()).isEqualTo(error.getMessage());
    }

    @Test
    void hostEvidenceOfAFailedNvidiaSmiKeepsWhatItSaid() {
        HostGpuEvidence host = HostGpuEvidence.nvidiaSmiFailed(new NvidiaSmiFailedException("nvidia-smi -q -x", 18,
                "Failed to initialize NVML: Driver/library version mismatch", "Reboot the agent.", null));

        assertThat(host.message()).contains("Driver/library version mismatch").contains("exit status 18");
    }

    @Test
    void readHostEvidenceWithoutInventoryIsRefused() {
        assertThatThrownBy(() -> new HostGpuEvidence(HostGpuEvidence.Status.READ, null, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void inventoryWithAFailureStatusIsRefused() {
        assertThatThrownBy(() -> new HostGpuEvidence(HostGpuEvidence.Status.NOT_PROBED,
                PreflightFixtures.idleHost(PreflightFixtures.H100), "no GPUs asked for"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void failedProbeContainerNeedsItsExitStatus() {
        assertThatThrownBy(() -> new ImageProbeEvidence(ImageProbeEvidence.Outcome.CONTAINER_FAILED, null, null, "boom"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exit status");
    }

    @Test
    void daemonWithTheNvidiaRuntimeSaysItIsRegistered() {
        RuntimeGpuSupport withNvidia = RuntimeGpuSupport.daemon("Docker 27.3.1", List.of("nvidia", "runc"), null);
        RuntimeGpuSupport without = RuntimeGpuSupport.daemon("Docker 27.3.1", List.of("runc"), "  ");

        assertThat(withNvidia.nvidiaRuntimeRegistered()).isTrue();
        assertThat(without.nvidiaRuntimeRegistered()).isFalse();
        assertThat(without.gpuRequestErrorIfAny()).as("a blank error is no error").isEmpty();
    }

    @Test
    void localRuntimeHasNoContainers() {
        RuntimeGpuSupport local = RuntimeGpuSupport.local();

        assertThat(local.containerRuntime()).isFalse();
        assertThat(local.runtimeDescription()).isEqualTo("no container runtime: commands run on the host");
    }

    @Test
    void negativeTimingIsRefused() {
        assertThatThrownBy(() -> new PreflightTimings(-1, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
