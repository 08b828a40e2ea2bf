package io.gputraining.engine.preflight;

import static io.gputraining.engine.preflight.PreflightCheck.CUDA_AVAILABLE;
import static io.gputraining.engine.preflight.PreflightFixtures.H100;
import static io.gputraining.engine.preflight.PreflightFixtures.evidence;
import static io.gputraining.engine.preflight.PreflightFixtures.h100;
import static io.gputraining.engine.preflight.PreflightFixtures.idleHost;
import static io.gputraining.engine.preflight.PreflightFixtures.probe;
import static io.gputraining.engine.preflight.PreflightFixtures.verdict;
import static org.assertj.core.api.Assertions.assertThat;

import io.gputraining.engine.preflight.probe.ImageProbeReport;
import io.gputraining.engine.runtime.GpuRequest;
import org.junit.jupiter.api.Test;

class CudaAvailableRuleTest {

    private static final PreflightPolicy CPU_ALLOWED = PreflightPolicy.builder().allowCpuFallback(true).build();

    @Test
    void torchSeeingTheGpuPasses() {
        Verdict verdict = verdict(CUDA_AVAILABLE, h100());

        assertThat(verdict.level()).isEqualTo(Verdict.Level.PASS);
        assertThat(verdict.summary()).isEqualTo("torch sees 1 CUDA device: NVIDIA H100 80GB HBM3");
    }

    @Test
    void cpuOnlyTorchFailsByDefault() {
        Verdict verdict = verdict(CUDA_AVAILABLE, cpuImageOnGpuAgent(GpuRequest.all()));

        assertThat(verdict.level()).isEqualTo(Verdict.Level.FAIL);
        assertThat(verdict.summary()).startsWith("torch.cuda.is_available() is False: training would silently run on the CPU");
        assertThat(verdict.cause()).contains("CPU-only build").contains("Torch not compiled with CUDA enabled");
        assertThat(verdict.fix()).contains("image whose torch is built with CUDA")
                .endsWith("set allowCpuFallback: true if CPU training is intended.");
    }

    @Test
    void cpuFallbackAllowedButGpusAskedForWarnsWithTheCpuMatmul() {
        Verdict verdict = verdict(CUDA_AVAILABLE, CPU_ALLOWED, cpuImageOnGpuAgent(GpuRequest.all()));

        assertThat(verdict.level()).isEqualTo(Verdict.Level.WARN);
        assertThat(verdict.summary()).contains("as allowed").contains("CPU matmul right at 2.6 GFLOP/s");
        assertThat(verdict.fix()).contains("allowCpuFallback is true");
    }

    @Test
    void cpuJobByDesignPassesWithTheCpuMatmul() {
        PreflightEvidence cpuJob = evidence(HostGpuEvidence.notProbed("no GPUs were asked for"), RuntimeGpuSupport.local(),
                ImageProbeEvidence.reported(probe("cpu-torch-1.13.json")), GpuRequest.none());

        Verdict verdict = verdict(CUDA_AVAILABLE, CPU_ALLOWED, cpuJob);

        assertThat(verdict.level()).isEqualTo(Verdict.Level.PASS);
        assertThat(verdict.summary()).contains("CPU matmul right at 2.6 GFLOP/s");
    }

    @Test
    void emptyCudaVisibleDevicesIsNamedAsTheCause() {
        Verdict verdict = verdict(CUDA_AVAILABLE, evidence(idleHost(H100), probe("h100-no-visible-devices.json"),
                GpuRequest.all()));

        assertThat(verdict.level()).isEqualTo(Verdict.Level.FAIL);
        assertThat(verdict.cause()).startsWith("CUDA_VISIBLE_DEVICES='' in the container hides every GPU")
                .contains("No CUDA GPUs are available");
        assertThat(verdict.fix()).startsWith("Unset CUDA_VISIBLE_DEVICES");
    }

    @Test
    void containerStartedWithoutGpusIsNamedAsTheCause() {
        Verdict verdict = verdict(CUDA_AVAILABLE, evidence(idleHost(H100), noCudaInCuda13Image(), GpuRequest.none()));

        assertThat(verdict.cause()).startsWith("the container was started without GPUs");
        assertThat(verdict.fix()).startsWith("Ask for GPUs");
    }

    @Test
    void gpusNotHandedToTheContainerPointAtTheRuntime() {
        // Also without NVIDIA_VISIBLE_DEVICES: what a container started without the NVIDIA runtime's hook sees.
        ImageProbeReport report = probe("h100-no-visible-devices.json", json -> json
                .replace("\"CUDA_VISIBLE_DEVICES\": \"\"", "\"CUDA_VISIBLE_DEVICES\": null")
                .replace("\"NVIDIA_VISIBLE_DEVICES\": \"0\"", "\"NVIDIA_VISIBLE_DEVICES\": null"));

        Verdict verdict = verdict(CUDA_AVAILABLE, evidence(idleHost(H100), report, GpuRequest.all()));

        assertThat(verdict.cause()).startsWith("the container runtime did not hand the GPUs to the container");
        assertThat(verdict.fix()).contains("nvidia-ctk runtime configure --runtime=docker");
    }

    @Test
    void driverTooOldForTheImagesCudaIsNamedAsTheCause() {
        // The host capture with an older driver (535.104.05, CUDA 12.2) in place of 580.159.04, and torch's error
        // for it; torch 2.11.0+cu130 needs a 580 driver.
        ImageProbeReport report = probe("h100-no-visible-devices.json", json -> json
                .replace("\"CUDA_VISIBLE_DEVICES\": \"\"", "\"CUDA_VISIBLE_DEVICES\": null")
                .replace("RuntimeError: No CUDA GPUs are available", "RuntimeError: The NVIDIA driver on your system is"
                        + " too old (found version 12020)."));

        Verdict verdict = verdict(CUDA_AVAILABLE, evidence(DriverCompatRuleTest.hostWithDriver535(), report,
                GpuRequest.all()));

        assertThat(verdict.cause()).startsWith("the agent's driver 535.104.05 is too old for this torch's CUDA 13.0")
                .contains("found version 12020");
        assertThat(verdict.fix()).contains("see driver-compat");
    }

    @Test
    void cudaInitialisationThatHungFails() {
        // Copy of h100-no-visible-devices.json with the CUDA check timed out, as the probe reports a hung init.
        ImageProbeReport report = probe("h100-no-visible-devices.json", json -> json
                .replace("\"status\": \"failed\",\n    \"error\": \"RuntimeError: No CUDA GPUs are available\"",
                        "\"status\": \"timeout\",\n    \"error\": \"CUDA initialisation did not finish within 60s\""));

        Verdict verdict = verdict(CUDA_AVAILABLE, evidence(idleHost(H100), report, GpuRequest.all()));

        assertThat(verdict.summary()).isEqualTo("CUDA initialisation in torch hung and was killed");
        assertThat(verdict.cause()).contains("within 60s");
    }

    @Test
    void imageWithoutTorchIsSkipped() {
        Verdict verdict = verdict(CUDA_AVAILABLE, evidence(idleHost(H100), probe("python-without-torch.json"),
                GpuRequest.all()));

        assertThat(verdict.level()).isEqualTo(Verdict.Level.SKIP);
    }

    private static PreflightEvidence cpuImageOnGpuAgent(GpuRequest request) {
        return evidence(idleHost(H100), probe("cpu-torch-1.13.json"), request);
    }

    /** h100-no-visible-devices.json without CUDA_VISIBLE_DEVICES: a CUDA image that found no GPU. */
    private static ImageProbeReport noCudaInCuda13Image() {
        return probe("h100-no-visible-devices.json", json -> json
                .replace("\"CUDA_VISIBLE_DEVICES\": \"\"", "\"CUDA_VISIBLE_DEVICES\": null"));
    }
}
