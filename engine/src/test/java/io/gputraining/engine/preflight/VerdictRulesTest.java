package io.gputraining.engine.preflight;

import static io.gputraining.engine.preflight.PreflightFixtures.H100;
import static io.gputraining.engine.preflight.PreflightFixtures.evidence;
import static io.gputraining.engine.preflight.PreflightFixtures.h100;
import static io.gputraining.engine.preflight.PreflightFixtures.h200x2;
import static io.gputraining.engine.preflight.PreflightFixtures.idleHost;
import static io.gputraining.engine.preflight.PreflightFixtures.probe;
import static org.assertj.core.api.Assertions.assertThat;

import io.gputraining.engine.runtime.GpuRequest;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class VerdictRulesTest {

    @Test
    void oneVerdictPerCheckInTheCheckOrder() {
        List<Verdict> verdicts = VerdictRules.standard().evaluate(PreflightPolicy.defaults(), h100());

        assertThat(verdicts).extracting(Verdict::check)
                .containsExactlyElementsOf(Arrays.stream(PreflightCheck.values()).map(PreflightCheck::id).toList());
    }

    @Test
    void healthyH100MachinePassesOverall() {
        PreflightReport report = VerdictRules.standard().report(PreflightPolicy.defaults(), h100(), false);

        assertThat(report.overall()).isEqualTo(Verdict.Level.PASS);
        assertThat(report.failed()).isEmpty();
        assertThat(report.warnings()).isEmpty();
    }

    @Test
    void healthyTwoGpuMachinePassesIncludingTheAllReduce() {
        PreflightReport report = VerdictRules.standard().report(PreflightPolicy.builder().minGpus(2).build(), h200x2(), false);

        assertThat(report.overall()).isEqualTo(Verdict.Level.PASS);
        assertThat(report.verdict("allreduce")).get().extracting(Verdict::level).isEqualTo(Verdict.Level.PASS);
    }

    @Test
    void cpuImageOnAGpuAgentFailsOnCudaAvailableOnly() {
        PreflightReport report = VerdictRules.standard().report(PreflightPolicy.defaults(),
                evidence(idleHost(H100), probe("cpu-torch-1.13.json"), GpuRequest.all()), false);

        assertThat(report.overall()).isEqualTo(Verdict.Level.FAIL);
        assertThat(report.failed()).extracting(Verdict::check).containsExactly("cuda-available");
    }

    @Test
    void ruleThatBreaksFailsItsOwnCheckAndLeavesTheOthers() {
        VerdictRule broken = new VerdictRule() {
            @Override
            public PreflightCheck check() {
                return PreflightCheck.ECC;
            }

            @Override
            public Verdict evaluate(VerdictInput input) {
                throw new IllegalStateException("unexpected nvidia-smi value");
            }
        };
        VerdictRules rules = new VerdictRules(List.of(new HostDriverRule(), broken));

        List<Verdict> verdicts = rules.evaluate(PreflightPolicy.defaults(), h100());

        assertThat(verdicts.get(0).level()).isEqualTo(Verdict.Level.PASS);
        assertThat(verdicts.get(1).check()).isEqualTo("ecc");
        assertThat(verdicts.get(1).level()).isEqualTo(Verdict.Level.FAIL);
        assertThat(verdicts.get(1).cause()).contains("unexpected nvidia-smi value");
    }
}
