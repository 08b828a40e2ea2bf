package io.gputraining.engine.preflight;

import static io.gputraining.engine.preflight.PreflightCheck.IDLE;
import static io.gputraining.engine.preflight.PreflightFixtures.H100;
import static io.gputraining.engine.preflight.PreflightFixtures.H200X2;
import static io.gputraining.engine.preflight.PreflightFixtures.busyHost;
import static io.gputraining.engine.preflight.PreflightFixtures.evidence;
import static io.gputraining.engine.preflight.PreflightFixtures.h200x2;
import static io.gputraining.engine.preflight.PreflightFixtures.probe;
import static io.gputraining.engine.preflight.PreflightFixtures.verdict;
import static org.assertj.core.api.Assertions.assertThat;

import io.gputraining.engine.runtime.GpuRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

class IdleRuleTest {

    @Test
    void idleGpusPass() {
        Verdict verdict = verdict(IDLE, h200x2());

        assertThat(verdict.level()).isEqualTo(Verdict.Level.PASS);
        assertThat(verdict.summary()).isEqualTo("no other processes on GPU 0, GPU 1");
    }

    @Test
    void busyGpuWarnsByDefaultNamingTheProcess() {
        Verdict verdict = verdict(IDLE, evidence(busyHost(H100), probe("h100.json"), GpuRequest.all()));

        assertThat(verdict.level()).isEqualTo(Verdict.Level.WARN);
        assertThat(verdict.summary()).isEqualTo("1 other process on the GPUs: GPU 0: pid 420 python3 (8710 MiB)");
        assertThat(verdict.fix()).contains("requireIdle: true");
    }

    @Test
    void busyGpuFailsWhenIdleIsRequired() {
        Verdict verdict = verdict(IDLE, PreflightPolicy.builder().requireIdle(true).build(),
                evidence(busyHost(H100), probe("h100.json"), GpuRequest.all()));

        assertThat(verdict.level()).isEqualTo(Verdict.Level.FAIL);
        assertThat(verdict.fix()).contains("requireIdle: false");
    }

    @Test
    void busyGpuOfATwoGpuHostSuggestsTheIdleOne() {
        Verdict verdict = verdict(IDLE, evidence(busyHost(H200X2), probe("h200x2.json"), GpuRequest.all()));

        assertThat(verdict.summary()).isEqualTo("1 other process on the GPUs: GPU 0: pid 558 python3 (8710 MiB)");
        assertThat(verdict.fix()).contains("gpus: device=1");
    }

    @Test
    void processOnAGpuTheContainerDidNotGetIsIgnored() {
        Verdict verdict = verdict(IDLE, PreflightPolicy.builder().requireIdle(true).build(),
                evidence(busyHost(H200X2), probe("h200x2.json"), GpuRequest.ids(List.of("1"))));

        assertThat(verdict.level()).isEqualTo(Verdict.Level.PASS);
        assertThat(verdict.summary()).isEqualTo("no other processes on GPU 1");
    }
}
