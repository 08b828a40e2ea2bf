package io.gputraining.engine.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Reports written by `gpu-training health --runtime local --json` on real GPU machines (an H100; two H200s
 * with the NCCL all-reduce; the H100 with CUDA_VISIBLE_DEVICES empty). Judging their evidence again must
 * give the verdicts the machines printed: the rules stay right for real hardware as they change. The
 * machines ran with the default policy (the H100 runs skipped the all-reduce, which one GPU does not need).
 */
class GpuMachineReportsTest {

    @ParameterizedTest
    @CsvSource({
            "h100-pass.json, PASS, ''",
            "h200x2-pass.json, PASS, ''",
            "h100-cuda-visible-devices-empty.json, FAIL, cuda-available"})
    void rejudgingTheRecordedEvidenceGivesTheRecordedVerdicts(String file, Verdict.Level overall, String failed) throws IOException {
        PreflightReport recorded = new PreflightReportJson().read(resource(file));

        PreflightReport again = VerdictRules.standard().report(PreflightPolicy.defaults(), recorded.evidenceIfKept().orElseThrow(), false);

        assertThat(recorded.overall()).isEqualTo(overall);
        assertThat(again.overall()).isEqualTo(overall);
        java.util.List<String> recordedChecks = recorded.verdicts().stream().map(Verdict::check).toList();
        assertThat(again.verdicts()).filteredOn(v -> recordedChecks.contains(v.check())).extracting(Verdict::check, Verdict::level)
                .containsExactlyElementsOf(recorded.verdicts().stream().map(v -> org.assertj.core.groups.Tuple.tuple(v.check(), v.level())).toList());
        // Checks added since these machines ran (cdi-spec) do not apply to their local runtime.
        assertThat(again.verdicts()).filteredOn(v -> !recordedChecks.contains(v.check()))
                .allSatisfy(v -> assertThat(v.level()).isEqualTo(Verdict.Level.SKIP));
        assertThat(again.failed()).extracting(Verdict::check).containsExactlyElementsOf(failed.isEmpty() ? java.util.List.of() : java.util.List.of(failed));
    }

    @ParameterizedTest
    @CsvSource({"h100-pass.json, 1, NVIDIA H100 80GB HBM3", "h200x2-pass.json, 2, NVIDIA H200"})
    void theSummaryNamesTheMachinesGpusDriverAndTorch(String file, int gpus, String name) throws IOException {
        PreflightReport report = new PreflightReportJson().read(resource(file));

        assertThat(report.gpus()).hasSize(gpus).allSatisfy(g -> assertThat(g.name()).isEqualTo(name));
        assertThat(report.driverVersion()).isEqualTo("580.159.04");
        assertThat(report.torchVersion()).isEqualTo("2.11.0+cu130");
        assertThat(report.torchCuda()).isEqualTo("13.0");
    }

    private static String resource(String file) throws IOException {
        try (InputStream in = GpuMachineReportsTest.class.getResourceAsStream("/fixtures/preflight/" + file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
