package io.gputraining.engine.preflight;

import static io.gputraining.engine.preflight.PreflightCheck.HOST_DRIVER;
import static io.gputraining.engine.preflight.PreflightFixtures.H200X2;
import static io.gputraining.engine.preflight.PreflightFixtures.dockerWithNvidia;
import static io.gputraining.engine.preflight.PreflightFixtures.evidence;
import static io.gputraining.engine.preflight.PreflightFixtures.h200x2;
import static io.gputraining.engine.preflight.PreflightFixtures.host;
import static io.gputraining.engine.preflight.PreflightFixtures.probe;
import static io.gputraining.engine.preflight.PreflightFixtures.verdict;
import static org.assertj.core.api.Assertions.assertThat;

import io.gputraining.engine.preflight.host.NoNvidiaDriverException;
import io.gputraining.engine.preflight.host.NvidiaSmiFailedException;
import io.gputraining.engine.runtime.GpuRequest;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class HostDriverRuleTest {

    @Test
    void readHostPassesNamingDriverCudaAndGpus() {
        Verdict verdict = verdict(HOST_DRIVER, h200x2());

        assertThat(verdict.level()).isEqualTo(Verdict.Level.PASS);
        assertThat(verdict.summary()).isEqualTo("driver 580.159.04 (CUDA 13.0), 2 GPUs: 2x NVIDIA H200");
    }

    @Test
    void agentWithoutDriverFailsByDefault() {
        Verdict verdict = verdict(HOST_DRIVER, noDriver());

        assertThat(verdict.level()).isEqualTo(Verdict.Level.FAIL);
        assertThat(verdict.cause()).contains("nvidia-smi was not found");
        assertThat(verdict.fix()).contains("agents with an NVIDIA GPU").contains("allowCpuFallback: true");
    }

    @Test
    void agentWithoutDriverOnlyWarnsWhenCpuTrainingIsAllowed() {
        Verdict verdict = verdict(HOST_DRIVER, PreflightPolicy.builder().allowCpuFallback(true).build(), noDriver());

        assertThat(verdict.level()).isEqualTo(Verdict.Level.WARN);
    }

    @Test
    void driverLibraryMismatchFailsWithRebootAsFix() {
        HostGpuEvidence failed = HostGpuEvidence.nvidiaSmiFailed(new NvidiaSmiFailedException("nvidia-smi", 18,
                "Failed to initialize NVML: Driver/library version mismatch", "Reboot the agent.", null));

        Verdict verdict = verdict(HOST_DRIVER, evidence(failed, dockerWithNvidia(),
                ImageProbeEvidence.reported(probe("h100.json")), GpuRequest.all()));

        assertThat(verdict.level()).isEqualTo(Verdict.Level.FAIL);
        assertThat(verdict.cause()).contains("Driver/library version mismatch");
        assertThat(verdict.fix()).contains("reboot the agent");
    }

    @Test
    void hostNotProbedIsSkippedWithTheReason() {
        PreflightEvidence notProbed = evidence(HostGpuEvidence.notProbed("no GPUs were asked for"),
                RuntimeGpuSupport.local(), ImageProbeEvidence.reported(probe("cpu-torch-1.13.json")), GpuRequest.none());

        Verdict verdict = verdict(HOST_DRIVER, notProbed);

        assertThat(verdict.level()).isEqualTo(Verdict.Level.SKIP);
        assertThat(verdict.summary()).isEqualTo("host not probed: no GPUs were asked for");
    }

    @Test
    void lostGpuLineWarnsWithTheLineQuoted() {
        // Copy of the 2xH200 query whose GPU 1 row is replaced by the line nvidia-smi prints for a lost GPU.
        String lost = "Unable to determine the device handle for GPU0000:00:07.0: GPU is lost.  Reboot the system to"
                + " recover this GPU";
        UnaryOperator<String> loseGpu1 = csv -> csv.lines().limit(2).reduce((a, b) -> a + "\n" + b).orElseThrow()
                + "\n" + lost + "\n";

        Verdict verdict = verdict(HOST_DRIVER, evidence(host(H200X2, false, loseGpu1, UnaryOperator.identity()),
                probe("h200x2.json"), GpuRequest.all()));

        assertThat(verdict.level()).isEqualTo(Verdict.Level.WARN);
        assertThat(verdict.summary()).startsWith("driver 580.159.04 (CUDA 13.0), 1 GPU: 1x NVIDIA H200");
        assertThat(verdict.cause()).contains("GPU is lost");
        assertThat(verdict.fix()).contains("Xid");
    }

    private static PreflightEvidence noDriver() {
        return evidence(HostGpuEvidence.noDriver(new NoNvidiaDriverException("on the PATH (/usr/bin:/bin)")),
                dockerWithNvidia(), ImageProbeEvidence.reported(probe("cpu-torch-1.13.json")), GpuRequest.all());
    }
}
