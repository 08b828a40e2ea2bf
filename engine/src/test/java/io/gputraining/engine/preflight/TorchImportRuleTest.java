package io.gputraining.engine.preflight;

import static io.gputraining.engine.preflight.PreflightCheck.TORCH_IMPORT;
import static io.gputraining.engine.preflight.PreflightFixtures.H100;
import static io.gputraining.engine.preflight.PreflightFixtures.evidence;
import static io.gputraining.engine.preflight.PreflightFixtures.h100;
import static io.gputraining.engine.preflight.PreflightFixtures.idleHost;
import static io.gputraining.engine.preflight.PreflightFixtures.probe;
import static io.gputraining.engine.preflight.PreflightFixtures.verdict;
import static org.assertj.core.api.Assertions.assertThat;

import io.gputraining.engine.runtime.GpuRequest;
import org.junit.jupiter.api.Test;

class TorchImportRuleTest {

    @Test
    void cudaTorchPassesWithItsVersions() {
        Verdict verdict = verdict(TORCH_IMPORT, h100());

        assertThat(verdict.level()).isEqualTo(Verdict.Level.PASS);
        assertThat(verdict.summary()).startsWith("torch 2.11.0+cu130 (CUDA 13.0, cuDNN 9.19.0, NCCL 2.28.9)");
    }

    @Test
    void cpuTorchImportsAndSaysItIsACpuBuild() {
        Verdict verdict = verdict(TORCH_IMPORT, evidence(idleHost(H100), probe("cpu-torch-1.13.json"), GpuRequest.all()));

        assertThat(verdict.level()).isEqualTo(Verdict.Level.PASS);
        assertThat(verdict.summary()).startsWith("torch 1.13.0a0 (CPU build)");
    }

    @Test
    void pythonWithoutTorchFailsNamingTheInterpreterToInstallFor() {
        Verdict verdict = verdict(TORCH_IMPORT, evidence(idleHost(H100), probe("python-without-torch.json"),
                GpuRequest.all()));

        assertThat(verdict.level()).isEqualTo(Verdict.Level.FAIL);
        assertThat(verdict.cause()).contains("No module named 'torch'");
        assertThat(verdict.fix()).contains("/root/.pyenv/versions/3.11.7/bin/python3").contains("pip install torch");
    }

    @Test
    void brokenTorchFailsWithTheImportError() {
        // Copy of python-without-torch.json as the probe writes it when torch is there but a library is not.
        var broken = probe("python-without-torch.json", json -> json.replace("\"status\": \"missing\"", "\"status\": \"failed\"")
                .replace("torch is not installed for /root/.pyenv/versions/3.11.7/bin/python3: ModuleNotFoundError: No module named 'torch'",
                        "OSError: libcudnn.so.9: cannot open shared object file: No such file or directory"));

        Verdict verdict = verdict(TORCH_IMPORT, evidence(idleHost(H100), broken, GpuRequest.all()));

        assertThat(verdict.level()).isEqualTo(Verdict.Level.FAIL);
        assertThat(verdict.summary()).isEqualTo("'import torch' fails in the image");
        assertThat(verdict.cause()).contains("libcudnn.so.9");
    }

    @Test
    void noReportIsSkipped() {
        PreflightEvidence noReport = evidence(HostGpuEvidence.read(idleHost(H100)), PreflightFixtures.dockerWithNvidia(),
                ImageProbeEvidence.timedOut("the probe ran longer than 600 s"), GpuRequest.all());

        assertThat(verdict(TORCH_IMPORT, noReport).level()).isEqualTo(Verdict.Level.SKIP);
    }
}
