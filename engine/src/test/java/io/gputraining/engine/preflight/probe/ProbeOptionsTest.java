package io.gputraining.engine.preflight.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gputraining.engine.EngineException;
import org.junit.jupiter.api.Test;

class ProbeOptionsTest {

    @Test
    void defaultsAreThoseTheProbeRanWithWhenGivenNoArguments() {
        assertThat(ProbeOptions.defaults()).isEqualTo(ProbeFixtures.report("h100.json").options());
    }

    @Test
    void argumentsNameEveryOptionInTheProbesSpelling() {
        assertThat(ProbeOptions.defaults().toArguments()).containsSubsequence("--matmul-size", "1024")
                .containsSubsequence("--import-timeout", "180.0")
                .containsSubsequence("--allreduce-elements", "16777216")
                .doesNotContain("--skip-allreduce");
    }

    @Test
    void skippingTheAllReduceAddsItsFlag() {
        assertThat(ProbeOptions.defaults().withoutAllReduce().toArguments()).endsWith("--skip-allreduce");
    }

    @Test
    void nonPositiveTimeoutIsRefused() {
        assertThatThrownBy(() -> new ProbeOptions(180, 0, 60, 120, 1024, 3, 1, 16, 5, false))
                .isInstanceOf(EngineException.class)
                .hasMessageContaining("cuda 0.0");
    }

    @Test
    void emptyWorkloadIsRefused() {
        assertThatThrownBy(() -> new ProbeOptions(180, 60, 60, 120, 0, 3, 1, 16, 5, false))
                .isInstanceOf(EngineException.class)
                .hasMessageContaining("matmul size 0");
    }
}
