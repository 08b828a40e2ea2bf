package io.gputraining.engine.preflight;

import static io.gputraining.engine.preflight.PreflightCheck.FREE_MEMORY;
import static io.gputraining.engine.preflight.PreflightFixtures.H100;
import static io.gputraining.engine.preflight.PreflightFixtures.busyHost;
import static io.gputraining.engine.preflight.PreflightFixtures.evidence;
import static io.gputraining.engine.preflight.PreflightFixtures.h100;
import static io.gputraining.engine.preflight.PreflightFixtures.probe;
import static io.gputraining.engine.preflight.PreflightFixtures.verdict;
import static org.assertj.core.api.Assertions.assertThat;

import io.gputraining.engine.runtime.GpuRequest;
import org.junit.jupiter.api.Test;

class FreeMemoryRuleTest {

    @Test
    void idleH100HasEnoughFreeMemory() {
        Verdict verdict = verdict(FREE_MEMORY, PreflightPolicy.builder().minFreeMemoryMiB(80_000).build(), h100());

        assertThat(verdict.level()).isEqualTo(Verdict.Level.PASS);
        assertThat(verdict.summary()).isEqualTo("GPU 0 81079 MiB free (>= 80000 MiB)");
    }

    @Test
    void busyH100FailsNamingWhoHoldsTheMemory() {
        Verdict verdict = verdict(FREE_MEMORY, PreflightPolicy.builder().minFreeMemoryMiB(80_000).build(), busyH100());

        assertThat(verdict.level()).isEqualTo(Verdict.Level.FAIL);
        assertThat(verdict.summary()).isEqualTo("GPU 0 72361 MiB free; 80000 MiB needed");
        assertThat(verdict.cause()).contains("pid 420 python3 (8710 MiB)");
    }

    @Test
    void noMinimumSkipsButShowsTheFreeMemory() {
        Verdict verdict = verdict(FREE_MEMORY, busyH100());

        assertThat(verdict.level()).isEqualTo(Verdict.Level.SKIP);
        assertThat(verdict.summary()).isEqualTo("no minimum set (GPU 0 72361 MiB free)");
    }

    private static PreflightEvidence busyH100() {
        return evidence(busyHost(H100), probe("h100.json"), GpuRequest.all());
    }
}
