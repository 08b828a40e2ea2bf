package io.gputraining.engine.preflight;

import static io.gputraining.engine.preflight.PreflightCheck.ECC;
import static io.gputraining.engine.preflight.PreflightFixtures.H200X2;
import static io.gputraining.engine.preflight.PreflightFixtures.evidence;
import static io.gputraining.engine.preflight.PreflightFixtures.h200x2;
import static io.gputraining.engine.preflight.PreflightFixtures.host;
import static io.gputraining.engine.preflight.PreflightFixtures.probe;
import static io.gputraining.engine.preflight.PreflightFixtures.verdict;
import static org.assertj.core.api.Assertions.assertThat;

import io.gputraining.engine.runtime.GpuRequest;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class EccRuleTest {

    private static final String GPU1_ROW_START = "1, NVIDIA H200, GPU-70fe7a69";

    @Test
    void cleanGpusPass() {
        Verdict verdict = verdict(ECC, h200x2());

        assertThat(verdict.level()).isEqualTo(Verdict.Level.PASS);
        assertThat(verdict.summary()).isEqualTo("no uncorrected ECC errors, no pending retirement or remap on GPU 0, GPU 1");
    }

    @Test
    void uncorrectedErrorsFailNamingTheGpu() {
        // The 2xH200 capture with 2 uncorrected volatile ECC errors on GPU 1.
        PreflightEvidence errors = evidence(host(H200X2, false, csv -> onGpu1(csv, "Enabled, 0, 0,", "Enabled, 2, 0,"),
                UnaryOperator.identity()), probe("h200x2.json"), GpuRequest.all());

        Verdict verdict = verdict(ECC, errors);

        assertThat(verdict.level()).isEqualTo(Verdict.Level.FAIL);
        assertThat(verdict.summary()).isEqualTo("GPU 1: 2 uncorrected ECC error(s)");
        assertThat(verdict.fix()).contains("nvidia-smi -q -d ECC,ROW_REMAPPER");
    }

    @Test
    void errorsOnAGpuTheContainerDidNotGetAreNotItsProblem() {
        PreflightEvidence errors = evidence(host(H200X2, false, csv -> onGpu1(csv, "Enabled, 0, 0,", "Enabled, 2, 0,"),
                UnaryOperator.identity()), probe("h200x2.json"), GpuRequest.ids(List.of("0")));

        assertThat(verdict(ECC, errors).level()).isEqualTo(Verdict.Level.PASS);
    }

    @Test
    void pendingRowRemapWarnsToResetTheGpu() {
        // The 2xH200 XML report with remapped_row_pending Yes on its first GPU.
        PreflightEvidence pending = evidence(host(H200X2, false, UnaryOperator.identity(),
                xml -> xml.replaceFirst("<remapped_row_pending>No</remapped_row_pending>",
                        "<remapped_row_pending>Yes</remapped_row_pending>")), probe("h200x2.json"), GpuRequest.all());

        Verdict verdict = verdict(ECC, pending);

        assertThat(verdict.level()).isEqualTo(Verdict.Level.WARN);
        assertThat(verdict.summary()).isEqualTo("GPU 0: row remap pending");
        assertThat(verdict.fix()).contains("nvidia-smi -r");
    }

    private static String onGpu1(String csv, String from, String to) {
        return csv.lines().map(line -> line.startsWith(GPU1_ROW_START) ? line.replace(from, to) : line)
                .reduce((a, b) -> a + "\n" + b).orElseThrow() + "\n";
    }
}
