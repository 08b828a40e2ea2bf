package io.gputraining.engine.preflight;

import static io.gputraining.engine.preflight.PreflightCheck.ALLREDUCE;
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
import org.junit.jupiter.api.Test;

class AllReduceRuleTest {

    @Test
    void rightSumAcrossTwoGpusPassesWithTheBandwidth() {
        Verdict verdict = verdict(ALLREDUCE, h200x2());

        assertThat(verdict.level()).isEqualTo(Verdict.Level.PASS);
        assertThat(verdict.summary()).isEqualTo("NCCL all-reduce over 2 GPUs right, 64 MiB per rank at 222.2 GB/s bus bandwidth");
    }

    @Test
    void allReduceThatTimedOutFailsWithNcclAdvice() {
        Verdict verdict = verdict(ALLREDUCE, timedOut());

        assertThat(verdict.level()).isEqualTo(Verdict.Level.FAIL);
        assertThat(verdict.summary()).isEqualTo("NCCL all-reduce over 2 GPUs did not finish within 0.5 s");
        assertThat(verdict.cause()).contains("ranks [0, 1] did not finish the all-reduce within 0.5s");
        assertThat(verdict.fix()).contains("NCCL_DEBUG=INFO").contains("--shm-size");
    }

    @Test
    void wrongSumFailsNamingTheRank() {
        // Copy of h200x2.json as the probe reports rank 1 receiving a sum off by 1.
        ImageProbeReport wrong = probe("h200x2.json", json -> json
                .replace("\"allReduce\": {\n    \"status\": \"ok\",\n    \"error\": null",
                        "\"allReduce\": {\n    \"status\": \"failed\",\n    \"error\": \"rank 1: all-reduce sum is wrong on rank 1: off by up to 1 from 3\"")
                .replace("\"maxAbsError\": 0.0,\n        \"importMs\": 4314.046",
                        "\"maxAbsError\": 1.0,\n        \"importMs\": 4314.046"));

        Verdict verdict = verdict(ALLREDUCE, evidence(idleHost(H200X2), wrong, GpuRequest.all()));

        assertThat(verdict.level()).isEqualTo(Verdict.Level.FAIL);
        assertThat(verdict.summary()).isEqualTo("NCCL all-reduce over 2 GPUs gave a wrong sum");
        assertThat(verdict.cause()).startsWith("Rank(s) 1 got a sum off by up to 1.0 from 3.0");
    }

    @Test
    void anAllReduceTheProbeLeftOutWarnsUnlessSkippingWasAsked() {
        Verdict verdict = verdict(ALLREDUCE, evidence(idleHost(H200X2), probe("h200x2-matmul-timeout.json"),
                GpuRequest.all()));

        assertThat(verdict.level()).isEqualTo(Verdict.Level.WARN);
        assertThat(verdict.summary()).isEqualTo("NCCL all-reduce over 2 GPUs not run: --skip-allreduce was given");
    }

    @Test
    void anAllReduceSkippedAsAskedIsSkipped() {
        Verdict verdict = verdict(ALLREDUCE, PreflightPolicy.builder().skipAllReduce(true).build(),
                evidence(idleHost(H200X2), probe("h200x2-matmul-timeout.json"), GpuRequest.all()));

        assertThat(verdict.level()).isEqualTo(Verdict.Level.SKIP);
        assertThat(verdict.summary()).contains("skipped, as asked");
    }

    @Test
    void oneGpuNeedsNoAllReduce() {
        Verdict verdict = verdict(ALLREDUCE, h100());

        assertThat(verdict.level()).isEqualTo(Verdict.Level.SKIP);
        assertThat(verdict.summary()).isEqualTo("not needed: 1 GPU visible");
    }

    private static PreflightEvidence timedOut() {
        return evidence(idleHost(H200X2), probe("h200x2-allreduce-timeout.json"), GpuRequest.all());
    }
}
