package io.gputraining.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

/**
 * Prints the suite's figures (trials tried, survived, lost, per category and scenario) once every test of
 * the run has finished, and writes them as Markdown next to the rows. Registered through
 * {@code META-INF/services}, so it runs under Surefire and in an IDE alike.
 */
public final class FiguresReport implements TestExecutionListener {

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        try {
            Files.deleteIfExists(Figures.directory().resolve(Figures.FILE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        Path rows = Figures.directory().resolve(Figures.FILE);
        if (!Files.exists(rows)) {
            return;
        }
        try {
            List<Trial> trials = Files.readAllLines(rows, StandardCharsets.UTF_8).stream()
                    .filter(l -> !l.isBlank()).map(Trial::fromLine).toList();
            String table = table(trials);
            System.out.println();
            System.out.println(table);
            Files.writeString(Figures.directory().resolve("figures.md"), table, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String table(List<Trial> trials) {
        Map<String, int[]> byRow = new LinkedHashMap<>();
        List<String> losses = new java.util.ArrayList<>();
        for (Trial t : trials) {
            int[] counts = byRow.computeIfAbsent(t.category() + " | " + t.scenario(), k -> new int[2]);
            counts[t.outcome() == Outcome.SURVIVED ? 0 : 1]++;
            if (t.outcome() == Outcome.LOST) {
                losses.add("- " + t.category() + " / " + t.scenario() + ": " + t.detail());
            }
        }
        StringBuilder out = new StringBuilder("Reliability figures").append(Trials.isLong() ? " (long mode)" : "")
                .append("\n\n| category | scenario | tried | survived | lost |\n|---|---|---:|---:|---:|\n");
        int tried = 0;
        int lost = 0;
        for (Map.Entry<String, int[]> row : byRow.entrySet()) {
            int[] c = row.getValue();
            out.append("| ").append(row.getKey()).append(" | ").append(c[0] + c[1]).append(" | ").append(c[0])
                    .append(" | ").append(c[1]).append(" |\n");
            tried += c[0] + c[1];
            lost += c[1];
        }
        out.append("| **all** | | **").append(tried).append("** | **").append(tried - lost).append("** | **")
                .append(lost).append("** |\n");
        if (!losses.isEmpty()) {
            out.append("\nLost:\n").append(String.join("\n", losses)).append('\n');
        }
        return out.toString();
    }
}
