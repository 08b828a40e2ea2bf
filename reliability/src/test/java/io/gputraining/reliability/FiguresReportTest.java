package io.gputraining.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class FiguresReportTest {

    @Test
    void theTableCountsEachScenarioAndNamesEveryLoss() {
        String table = FiguresReport.table(List.of(
                new Trial("aborts", "SIGKILL during train", Outcome.SURVIVED, "swept 1 container"),
                new Trial("aborts", "SIGKILL during train", Outcome.LOST, "lease of GPU-1 still held"),
                new Trial("bad-input", "malformed image", Outcome.SURVIVED, "")));

        assertThat(table).contains("| aborts | SIGKILL during train | 2 | 1 | 1 |")
                .contains("| bad-input | malformed image | 1 | 1 | 0 |")
                .contains("| **all** | | **3** | **2** | **1** |")
                .contains("- aborts / SIGKILL during train: lease of GPU-1 still held");
    }

    @Test
    void aDetailWithTabsAndNewlinesStaysOneRow() {
        Trial t = new Trial("c", "s\tx", Outcome.LOST, "line one\nline\ttwo");

        assertThat(Trial.fromLine(t.toLine())).isEqualTo(new Trial("c", "s x", Outcome.LOST, "line one line two"));
    }
}
