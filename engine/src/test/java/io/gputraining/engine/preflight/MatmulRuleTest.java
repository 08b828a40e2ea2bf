package io.gputraining.engine.preflight;

import static io.gputraining.engine.preflight.PreflightCheck.MATMUL;
import static io.gputraining.engine.preflight.PreflightFixtures.H100;
import static io.gputraining.engine.preflight.PreflightFixtures.H200X2;
import static io.gputraining.engine.preflight.PreflightFixtures.evidence;
import static io.gputraining.engine.preflight.PreflightFixtures.h200x2;
import static io.gputraining.engine.preflight.PreflightFixtures.idleHost;
import static io.gputraining.engine.preflight.PreflightFixtures.probe;
import static io.gputraining.engine.preflight.PreflightFixtures.verdict;
import static org.assertj.core.api.Assertions.assertThat;

import io.gputraining.engine.preflight.probe.ImageProbeReport;
import io.gputraining.engine.runtime.GpuRequest;
import org.junit.jupiter.api.Test;

class MatmulRuleTest {

    @Test
    void rightResultOnBothGpusPasses() {
        Verdict verdict = verdict(MATMUL, h200x2());

        assertThat(verdict.level()).isEqualTo(Verdict.Level.PASS);
        assertThat(verdict.summary()).isEqualTo("right on 2 GPUs: 1024x1024 float32, relative error <= 5.7e-07"
                + " (tolerance 1.0e-04), 25.9 TFLOP/s, 28.6 TFLOP/s");
    }

    @Test
    void forcedTf32IsNamedInThePassingSummary() {
        Verdict verdict = verdict(MATMUL, evidence(idleHost(H100), probe("h100-tf32-override.json"), GpuRequest.all()));

        assertThat(verdict.level()).isEqualTo(Verdict.Level.PASS);
        assertThat(verdict.summary()).contains("tolerance 5.0e-03").contains("TF32 on");
    }

    @Test
    void matmulThatTimedOutFails() {
        Verdict verdict = verdict(MATMUL, evidence(idleHost(H200X2), probe("h200x2-matmul-timeout.json"), GpuRequest.all()));

        assertThat(verdict.level()).isEqualTo(Verdict.Level.FAIL);
        assertThat(verdict.summary()).isEqualTo("the fp32 matmul check failed on 2 of 2 GPUs");
        assertThat(verdict.cause()).isEqualTo("GPU 0: did not finish within 0.05 s; GPU 1: did not finish within 0.05 s");
    }

    @Test
    void matmulThatTimedOutOnlyWarnsWhenNotRequired() {
        Verdict verdict = verdict(MATMUL, PreflightPolicy.builder().matmulRequired(false).build(),
                evidence(idleHost(H200X2), probe("h200x2-matmul-timeout.json"), GpuRequest.all()));

        assertThat(verdict.level()).isEqualTo(Verdict.Level.WARN);
        assertThat(verdict.fix()).contains("matmulRequired is false");
    }

    @Test
    void wrongResultFailsWithTheErrorAgainstTheTolerance() {
        // Copy of h100.json with the result the probe reports when a GPU computes garbage.
        ImageProbeReport wrong = probe("h100.json", json -> json.replaceFirst(
                "\"status\": \"ok\",(\\s*)\"error\": null,(\\s*)\"elapsedMs\": 365.908",
                "\"status\": \"failed\",$1\"error\": \"matmul result differs from the CPU reference: relative error"
                        + " 0.37 exceeds 0.0001\",$2\"elapsedMs\": 365.908")
                .replace("\"relativeError\": 5.732362830936593e-07", "\"relativeError\": 0.37"));

        Verdict verdict = verdict(MATMUL, evidence(idleHost(H100), wrong, GpuRequest.all()));

        assertThat(verdict.level()).isEqualTo(Verdict.Level.FAIL);
        assertThat(verdict.cause()).isEqualTo("GPU 0: wrong result, relative error 3.7e-01 > tolerance 1.0e-04");
        assertThat(verdict.fix()).contains("drain the agent");
    }

    @Test
    void cpuMatmulPassesWhenCpuTrainingIsAllowed() {
        Verdict verdict = verdict(MATMUL, PreflightPolicy.builder().allowCpuFallback(true).build(),
                evidence(idleHost(H100), probe("cpu-torch-1.13.json"), GpuRequest.all()));

        assertThat(verdict.level()).isEqualTo(Verdict.Level.PASS);
        assertThat(verdict.summary()).isEqualTo("right on the CPU (CPU training allowed): 1024x1024 float32, relative"
                + " error <= 5.7e-07 (tolerance 1.0e-04), 2.6 GFLOP/s");
    }

    @Test
    void withoutCudaAndWithoutCpuFallbackTheGpuMatmulIsSkipped() {
        Verdict verdict = verdict(MATMUL, evidence(idleHost(H100), probe("cpu-torch-1.13.json"), GpuRequest.all()));

        assertThat(verdict.level()).isEqualTo(Verdict.Level.SKIP);
        assertThat(verdict.summary()).startsWith("no GPU matmul: CUDA is not available");
    }
}
