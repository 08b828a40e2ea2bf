package io.gputraining.engine.preflight;

import static io.gputraining.engine.preflight.PreflightCheck.GPU_COUNT;
import static io.gputraining.engine.preflight.PreflightFixtures.H100;
import static io.gputraining.engine.preflight.PreflightFixtures.H200X2;
import static io.gputraining.engine.preflight.PreflightFixtures.evidence;
import static io.gputraining.engine.preflight.PreflightFixtures.h100;
import static io.gputraining.engine.preflight.PreflightFixtures.h200x2;
import static io.gputraining.engine.preflight.PreflightFixtures.idleHost;
import static io.gputraining.engine.preflight.PreflightFixtures.probe;
import static io.gputraining.engine.preflight.PreflightFixtures.verdict;
import static org.assertj.core.api.Assertions.assertThat;

import io.gputraining.engine.preflight.probe.ImageProbeReport;
import io.gputraining.engine.runtime.GpuRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

class GpuCountRuleTest {

    private static final PreflightPolicy TWO_GPUS = PreflightPolicy.builder().minGpus(2).build();

    @Test
    void twoGpusSeenOnTheTwoGpuHostPass() {
        Verdict verdict = verdict(GPU_COUNT, TWO_GPUS, h200x2());

        assertThat(verdict.level()).isEqualTo(Verdict.Level.PASS);
        assertThat(verdict.summary()).isEqualTo("torch sees 2 GPUs, the container was given 2; at least 2 needed");
    }

    @Test
    void oneGpuAgentFailsAPolicyOfTwo() {
        Verdict verdict = verdict(GPU_COUNT, TWO_GPUS, h100());

        assertThat(verdict.level()).isEqualTo(Verdict.Level.FAIL);
        assertThat(verdict.summary()).isEqualTo("the agent has 1 GPU; 2 needed");
        assertThat(verdict.fix()).contains("at least 2 GPUs");
    }

    @Test
    void containerGivenOneOfTwoGpusFailsAPolicyOfTwoOnTorchsCount() {
        // The 2xH200 host, the container given only GPU 0, torch seeing that one (the H100 machine's report).
        Verdict verdict = verdict(GPU_COUNT, TWO_GPUS,
                evidence(idleHost(H200X2), probe("h100.json"), GpuRequest.ids(List.of("0"))));

        assertThat(verdict.level()).isEqualTo(Verdict.Level.FAIL);
        assertThat(verdict.summary()).isEqualTo("torch sees 1 GPU; at least 2 needed");
    }

    @Test
    void torchSeeingFewerGpusThanGivenWarns() {
        // Copy of h100.json as if the container had been given GPUs 0 and 1 while CUDA_VISIBLE_DEVICES=0 in the
        // image let torch see only the first.
        ImageProbeReport hidden = probe("h100.json", json -> json
                .replace("\"NVIDIA_VISIBLE_DEVICES\": \"0\"", "\"NVIDIA_VISIBLE_DEVICES\": \"0,1\"")
                .replace("\"CUDA_VISIBLE_DEVICES\": null", "\"CUDA_VISIBLE_DEVICES\": \"0\""));

        Verdict verdict = verdict(GPU_COUNT, evidence(idleHost(H200X2), hidden, GpuRequest.all()));

        assertThat(verdict.level()).isEqualTo(Verdict.Level.WARN);
        assertThat(verdict.summary()).isEqualTo("torch sees 1 GPU of the 2 the container was given");
        assertThat(verdict.cause()).contains("CUDA_VISIBLE_DEVICES='0'");
    }

    @Test
    void gpuIdTheAgentLacksFails() {
        Verdict verdict = verdict(GPU_COUNT, evidence(idleHost(H100), probe("h100.json"), GpuRequest.ids(List.of("3"))));

        assertThat(verdict.level()).isEqualTo(Verdict.Level.FAIL);
        assertThat(verdict.summary()).isEqualTo("GPU id(s) 3 not on this agent; the agent has 1 GPU");
    }

    @Test
    void withoutCudaTheCountIsLeftToCudaAvailable() {
        Verdict verdict = verdict(GPU_COUNT, evidence(idleHost(H100), probe("cpu-torch-1.13.json"), GpuRequest.all()));

        assertThat(verdict.level()).isEqualTo(Verdict.Level.SKIP);
        assertThat(verdict.summary()).contains("see cuda-available");
    }
}
