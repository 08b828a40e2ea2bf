package io.gputraining.engine.preflight;

import static io.gputraining.engine.preflight.PreflightCheck.TEMPERATURE;
import static io.gputraining.engine.preflight.PreflightFixtures.H100;
import static io.gputraining.engine.preflight.PreflightFixtures.evidence;
import static io.gputraining.engine.preflight.PreflightFixtures.h100;
import static io.gputraining.engine.preflight.PreflightFixtures.h200x2;
import static io.gputraining.engine.preflight.PreflightFixtures.host;
import static io.gputraining.engine.preflight.PreflightFixtures.probe;
import static io.gputraining.engine.preflight.PreflightFixtures.verdict;
import static org.assertj.core.api.Assertions.assertThat;

import io.gputraining.engine.runtime.GpuRequest;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class TemperatureRuleTest {

    @Test
    void gpusBelowTheLimitPass() {
        Verdict verdict = verdict(TEMPERATURE, PreflightPolicy.builder().maxTemperatureC(85).build(), h200x2());

        assertThat(verdict.level()).isEqualTo(Verdict.Level.PASS);
        assertThat(verdict.summary()).isEqualTo("GPU 0 40 C, GPU 1 37 C (limit 85 C)");
    }

    @Test
    void gpuAboveTheLimitFails() {
        Verdict verdict = verdict(TEMPERATURE, PreflightPolicy.builder().maxTemperatureC(38).build(), h200x2());

        assertThat(verdict.level()).isEqualTo(Verdict.Level.FAIL);
        assertThat(verdict.summary()).isEqualTo("GPU 0 40 C, GPU 1 37 C; limit 38 C");
        assertThat(verdict.cause()).startsWith("GPU 0 is hotter than maxTemperatureC (38 C)");
    }

    @Test
    void noLimitSkipsButShowsTheTemperatures() {
        Verdict verdict = verdict(TEMPERATURE, h100());

        assertThat(verdict.level()).isEqualTo(Verdict.Level.SKIP);
        assertThat(verdict.summary()).isEqualTo("no limit set (GPU 0 35 C)");
    }

    @Test
    void thermalSlowdownWarnsEvenWithoutALimit() {
        // The H100 capture with clocks_event_reasons.active 0x20 (SW thermal slowdown) in place of 0x1 (idle).
        PreflightEvidence throttled = evidence(host(H100, false,
                csv -> csv.replace("0x0000000000000001", "0x0000000000000020"), UnaryOperator.identity()),
                probe("h100.json"), GpuRequest.all());

        Verdict verdict = verdict(TEMPERATURE, throttled);

        assertThat(verdict.level()).isEqualTo(Verdict.Level.WARN);
        assertThat(verdict.cause()).contains("SW_THERMAL_SLOWDOWN");
    }
}
