package io.gputraining.engine.preflight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class VerdictTest {

    @Test
    void failWithoutFixIsRefused() {
        assertThatThrownBy(() -> new Verdict("idle", Verdict.Level.FAIL, "busy", "another job", " "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cause and a fix");
    }

    @Test
    void warnWithoutCauseIsRefused() {
        assertThatThrownBy(() -> new Verdict("idle", Verdict.Level.WARN, "busy", null, "wait"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void passNeedsNoCauseOrFix() {
        Verdict pass = Verdict.pass(PreflightCheck.IDLE, "no other processes on GPU 0");

        assertThat(pass.causeIfAny()).isEmpty();
        assertThat(pass.fixIfAny()).isEmpty();
        assertThat(pass.isProblem()).isFalse();
    }

    @Test
    void summaryOfTwoLinesIsRefused() {
        assertThatThrownBy(() -> Verdict.pass(PreflightCheck.IDLE, "first\nsecond"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one non-blank line");
    }

    @Test
    void overallIsTheWorstLevelAndSkipsCountForNothing() {
        Verdict pass = Verdict.pass(PreflightCheck.MIG, "off");
        Verdict skip = Verdict.skip(PreflightCheck.ECC, "not reported");
        Verdict warn = Verdict.warn(PreflightCheck.IDLE, "busy", "another job", "wait");
        Verdict fail = Verdict.fail(PreflightCheck.CUDA_AVAILABLE, "no CUDA", "CPU build", "use a CUDA image");

        assertThat(Verdict.Level.overall(List.of(skip))).isEqualTo(Verdict.Level.PASS);
        assertThat(Verdict.Level.overall(List.of(pass, skip))).isEqualTo(Verdict.Level.PASS);
        assertThat(Verdict.Level.overall(List.of(pass, warn, skip))).isEqualTo(Verdict.Level.WARN);
        assertThat(Verdict.Level.overall(List.of(fail, warn, pass))).isEqualTo(Verdict.Level.FAIL);
    }

    @Test
    void problemIsAFailWhenFatalAndAWarnOtherwise() {
        assertThat(Verdict.problem(PreflightCheck.IDLE, true, "s", "c", "f").level()).isEqualTo(Verdict.Level.FAIL);
        assertThat(Verdict.problem(PreflightCheck.IDLE, false, "s", "c", "f").level()).isEqualTo(Verdict.Level.WARN);
    }

    @Test
    void checkIdsAreUniqueAndFoundAgainByTheirId() {
        assertThat(Arrays.stream(PreflightCheck.values()).map(PreflightCheck::id)).doesNotHaveDuplicates()
                .allMatch(id -> id.matches("[a-z]+(-[a-z]+)*"));
        for (PreflightCheck check : PreflightCheck.values()) {
            assertThat(PreflightCheck.fromId(check.id())).hasValue(check);
        }
        assertThat(PreflightCheck.fromId("gpu-voltage")).isEmpty();
    }
}
