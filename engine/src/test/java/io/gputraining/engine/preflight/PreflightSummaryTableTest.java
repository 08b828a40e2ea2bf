package io.gputraining.engine.preflight;

import static io.gputraining.engine.preflight.PreflightFixtures.DIGEST;
import static io.gputraining.engine.preflight.PreflightFixtures.IMAGE;
import static io.gputraining.engine.preflight.PreflightFixtures.evidence;
import static io.gputraining.engine.preflight.PreflightFixtures.probe;
import static org.assertj.core.api.Assertions.assertThat;

import io.gputraining.engine.LogSink;
import io.gputraining.engine.runtime.GpuRequest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PreflightSummaryTableTest {

    private final PreflightSummaryTable table = new PreflightSummaryTable();

    /** torch 2.11.0+cu130 on the H100 host capture with an older driver (see DriverCompatRuleTest). */
    private final PreflightReport driverTooOld = VerdictRules.standard().report(PreflightPolicy.defaults(),
            evidence(DriverCompatRuleTest.hostWithDriver535(), probe("h100.json"), GpuRequest.all()), false);

    @Test
    void headerNamesOverallImageDriverAndTorch() {
        List<String> lines = table.lines(driverTooOld);

        assertThat(lines.get(0)).isEqualTo("GPU preflight FAIL: image " + IMAGE + "@" + DIGEST.substring(0, 19) + ",");
        assertThat(lines.get(1)).isEqualTo("  driver 535.104.05 (CUDA 12.2), torch 2.11.0+cu130 (CUDA 13.0)");
    }

    @Test
    void oneRowPerVerdictWithLevelAndCheckInColumns() {
        List<String> rows = table.lines(driverTooOld).stream().filter(l -> l.matches("^(PASS|WARN|FAIL|SKIP)  .*")).toList();

        assertThat(rows).hasSize(PreflightCheck.values().length);
        assertThat(rows.get(0)).isEqualTo("PASS  host-driver     driver 535.104.05 (CUDA 12.2), 1 GPU: 1x NVIDIA H100 80GB HBM3");
        assertThat(rows).anySatisfy(row -> assertThat(row).startsWith("FAIL  driver-compat   torch built for CUDA 13.0,"
                + " agent driver 535.104.05: the driver is too old"));
    }

    @Test
    void failedRowIsFollowedByItsCauseAndFix() {
        List<String> lines = table.lines(driverTooOld);
        int row = indexOfRowStarting(lines, "FAIL  driver-compat");

        List<String> after = lines.subList(row + 1, lines.size());
        int cause = indexOfRowStarting(after, "      cause: ");
        int fix = indexOfRowStarting(after, "      fix:   ");
        assertThat(cause).isLessThan(fix);
        assertThat(after.subList(0, cause)).as("wrapped summary only").allMatch(l -> l.startsWith(" ".repeat(22)));
        assertThat(String.join(" ", after.subList(fix, after.size())).replaceAll("\\s+", " "))
                .contains("fix: Install a driver >= 580.65.06 on the agent");
        assertThat(lines).filteredOn(l -> l.startsWith("      cause: ")).hasSize(driverTooOld.failed().size()
                + driverTooOld.warnings().size());
    }

    @Test
    void everyLineIsPlainAsciiUnderOneHundredColumns() {
        assertThat(table.lines(driverTooOld)).allSatisfy(line -> {
            assertThat(line.length()).isLessThanOrEqualTo(PreflightSummaryTable.WIDTH);
            assertThat(line.chars()).allMatch(c -> c >= 0x20 && c < 0x7f);
            assertThat(line).doesNotEndWith(" ");
        });
    }

    @Test
    void wordLongerThanALineIsCut() {
        List<String> lines = PreflightSummaryTable.wrap("x".repeat(150), "", "  ");

        assertThat(lines).containsExactly("x".repeat(99), "  " + "x".repeat(51));
    }

    @Test
    void linesGoToTheSinkAsMessages() {
        List<String> messages = new ArrayList<>();
        LogSink sink = new LogSink() {
            @Override
            public void message(String line) {
                messages.add(line);
            }

            @Override
            public void output(OutputStreamKind stream, byte[] data, int offset, int length) {
            }
        };

        table.writeTo(driverTooOld, sink);

        assertThat(messages).isEqualTo(table.lines(driverTooOld));
        assertThat(table.render(driverTooOld)).isEqualTo(String.join("\n", messages) + "\n");
    }

    private static int indexOfRowStarting(List<String> lines, String prefix) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i;
            }
        }
        throw new AssertionError("no line starts with '" + prefix + "' in\n" + String.join("\n", lines));
    }
}
