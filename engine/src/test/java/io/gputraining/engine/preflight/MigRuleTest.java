package io.gputraining.engine.preflight;

import static io.gputraining.engine.preflight.PreflightCheck.MIG;
import static io.gputraining.engine.preflight.PreflightFixtures.H100;
import static io.gputraining.engine.preflight.PreflightFixtures.evidence;
import static io.gputraining.engine.preflight.PreflightFixtures.h200x2;
import static io.gputraining.engine.preflight.PreflightFixtures.host;
import static io.gputraining.engine.preflight.PreflightFixtures.probe;
import static io.gputraining.engine.preflight.PreflightFixtures.verdict;
import static org.assertj.core.api.Assertions.assertThat;

import io.gputraining.engine.runtime.GpuRequest;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class MigRuleTest {

    @Test
    void migDisabledOnBothGpusPasses() {
        Verdict verdict = verdict(MIG, h200x2());

        assertThat(verdict.level()).isEqualTo(Verdict.Level.PASS);
        assertThat(verdict.summary()).isEqualTo("MIG disabled on GPU 0, GPU 1");
    }

    @Test
    void migEnabledFailsByDefaultWithTheCommandToDisableIt() {
        Verdict verdict = verdict(MIG, migEnabledH100());

        assertThat(verdict.level()).isEqualTo(Verdict.Level.FAIL);
        assertThat(verdict.summary()).isEqualTo("MIG enabled on GPU 0");
        assertThat(verdict.fix()).contains("nvidia-smi -i 0 -mig 0").contains("allowMig: true");
    }

    @Test
    void migEnabledPassesWhenAllowed() {
        Verdict verdict = verdict(MIG, PreflightPolicy.builder().allowMig(true).build(), migEnabledH100());

        assertThat(verdict.level()).isEqualTo(Verdict.Level.PASS);
        assertThat(verdict.summary()).isEqualTo("MIG enabled on GPU 0 (allowed)");
    }

    /** The H100 capture with mig.mode.current Enabled in place of Disabled. */
    private static PreflightEvidence migEnabledH100() {
        return evidence(host(H100, false, csv -> csv.replace("[N/A], Disabled, 9.0", "[N/A], Enabled, 9.0"),
                UnaryOperator.identity()), probe("h100.json"), GpuRequest.all());
    }
}
