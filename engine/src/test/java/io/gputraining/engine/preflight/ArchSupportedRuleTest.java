package io.gputraining.engine.preflight;

import static io.gputraining.engine.preflight.PreflightCheck.ARCH_SUPPORTED;
import static io.gputraining.engine.preflight.PreflightFixtures.H100;
import static io.gputraining.engine.preflight.PreflightFixtures.evidence;
import static io.gputraining.engine.preflight.PreflightFixtures.h100;
import static io.gputraining.engine.preflight.PreflightFixtures.idleHost;
import static io.gputraining.engine.preflight.PreflightFixtures.probe;
import static io.gputraining.engine.preflight.PreflightFixtures.verdict;
import static org.assertj.core.api.Assertions.assertThat;

import io.gputraining.engine.preflight.ArchSupportedRule.Support;
import io.gputraining.engine.preflight.host.ComputeCapability;
import io.gputraining.engine.preflight.probe.ImageProbeReport;
import io.gputraining.engine.runtime.GpuRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArchSupportedRuleTest {

    /** torch 2.11.0+cu130's arch list, as the probe captured it on the H100. */
    private static final List<String> TORCH_2_11 = h100().probeReport().orElseThrow().cuda().archList();

    @Test
    void capturedArchListIsTheOneTheseTestsReasonAbout() {
        assertThat(TORCH_2_11).containsExactly("sm_75", "sm_80", "sm_86", "sm_90", "sm_100", "sm_120");
    }

    @Test
    void h100WithSm90InTheListPasses() {
        Verdict verdict = verdict(ARCH_SUPPORTED, h100());

        assertThat(verdict.level()).isEqualTo(Verdict.Level.PASS);
        assertThat(verdict.summary()).startsWith("GPU sm_90 (NVIDIA H100 80GB HBM3) covered by torch's arch list");
    }

    @Test
    void keplerGpuMissingFromTheListFails() {
        // Copy of h100.json whose device reports capability 3.7 (a Tesla K80).
        ImageProbeReport k80 = probe("h100.json", json -> json.replace("\"capability\": \"9.0\"", "\"capability\": \"3.7\"")
                .replace("NVIDIA H100 80GB HBM3", "Tesla K80"));

        Verdict verdict = verdict(ARCH_SUPPORTED, evidence(idleHost(H100), k80, GpuRequest.all()));

        assertThat(verdict.level()).isEqualTo(Verdict.Level.FAIL);
        assertThat(verdict.summary()).startsWith("GPU sm_37 (Tesla K80) is not in torch's arch list: sm_75 sm_80");
        assertThat(verdict.cause()).contains("no kernel image is available");
        assertThat(verdict.fix()).contains("sm_37").contains("TORCH_CUDA_ARCH_LIST=\"3.7\"");
    }

    @Test
    void ptxOnlyCoverageWarns() {
        // Copy of h100.json whose torch has PTX for 8.0 and no machine code for 9.x.
        ImageProbeReport ptx = probe("h100.json", json -> json.replace("\"sm_90\",", "\"compute_80\","));

        Verdict verdict = verdict(ARCH_SUPPORTED, evidence(idleHost(H100), ptx, GpuRequest.all()));

        assertThat(verdict.level()).isEqualTo(Verdict.Level.WARN);
        assertThat(verdict.summary()).contains("PTX JIT");
    }

    @Test
    void noKernelImageErrorFailsWhateverTheList() {
        // Copy of h100.json whose matmul failed the way torch fails on a GPU without kernels.
        ImageProbeReport failed = probe("h100.json", json -> json.replaceFirst(
                "\"status\": \"ok\",(\\s*)\"error\": null,(\\s*)\"elapsedMs\": 365.908",
                "\"status\": \"failed\",$1\"error\": \"RuntimeError: CUDA error: no kernel image is available for"
                        + " execution on the device\",$2\"elapsedMs\": 365.908"));

        Verdict verdict = verdict(ARCH_SUPPORTED, evidence(idleHost(H100), failed, GpuRequest.all()));

        assertThat(verdict.level()).isEqualTo(Verdict.Level.FAIL);
        assertThat(verdict.cause()).contains("no kernel image is available for execution on the device");
    }

    @Test
    void noArchListIsSkipped() {
        Verdict verdict = verdict(ARCH_SUPPORTED, evidence(idleHost(H100), probe("cpu-torch-1.13.json"), GpuRequest.all()));

        assertThat(verdict.level()).isEqualTo(Verdict.Level.SKIP);
    }

    @Test
    void machineCodeRunsOnHigherMinorsOfItsMajorOnly() {
        assertThat(ArchSupportedRule.support(new ComputeCapability(8, 9), TORCH_2_11)).isEqualTo(Support.MACHINE_CODE);
        assertThat(ArchSupportedRule.support(new ComputeCapability(12, 1), TORCH_2_11)).isEqualTo(Support.MACHINE_CODE);
        assertThat(ArchSupportedRule.support(new ComputeCapability(7, 0), TORCH_2_11)).isEqualTo(Support.NONE);
        assertThat(ArchSupportedRule.support(new ComputeCapability(3, 7), TORCH_2_11)).isEqualTo(Support.NONE);
    }

    @Test
    void ptxRunsOnEveryHigherCapability() {
        List<String> torch113 = List.of("sm_37", "sm_50", "sm_60", "sm_70", "sm_75", "sm_80", "sm_86", "compute_37");

        assertThat(ArchSupportedRule.support(new ComputeCapability(9, 0), torch113)).isEqualTo(Support.PTX_JIT);
        assertThat(ArchSupportedRule.support(new ComputeCapability(3, 5), torch113)).isEqualTo(Support.NONE);
    }

    @Test
    void archSpecificCodeRunsOnlyOnItsOwnCapability() {
        assertThat(ArchSupportedRule.support(new ComputeCapability(9, 0), List.of("sm_90a"))).isEqualTo(Support.MACHINE_CODE);
        assertThat(ArchSupportedRule.support(new ComputeCapability(10, 0), List.of("compute_90a"))).isEqualTo(Support.NONE);
    }
}
