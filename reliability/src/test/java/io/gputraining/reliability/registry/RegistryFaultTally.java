package io.gputraining.reliability.registry;

import io.gputraining.reliability.registry.RegistryTrial.Ending;
import io.gputraining.reliability.registry.RegistryTrial.Result;
import java.util.Map;
import java.util.TreeMap;

/**
 * The registry-fault figures in more detail than survived/lost: per registry and kind of fault, how many
 * trials registered a verified version without a fault taking effect, after faults absorbed by retries, or
 * failed cleanly, and how many were corrupt (lost).
 */
final class RegistryFaultTally {

    private final Map<String, int[]> rows = new TreeMap<>();
    private static final int TRIED = 0;
    private static final int CLEAN = 1;
    private static final int ABSORBED = 2;
    private static final int FAILED = 3;
    private static final int LOST = 4;
    private static final int FIRED = 5;
    private static final int FINISHED = 6;
    private static final int[] COLUMNS = {TRIED, FIRED, CLEAN, ABSORBED, FAILED, FINISHED, LOST};

    void add(String registry, String kind, Result result) {
        int[] row = rows.computeIfAbsent(registry + " | " + kind, k -> new int[7]);
        row[TRIED]++;
        if (result.injected() > 0) {
            row[FIRED]++;
        }
        if (!result.problems().isEmpty()) {
            row[LOST]++;
        } else if (result.ending() == Ending.FAILED) {
            row[FAILED]++;
        } else if (result.ending() == Ending.FAILED_VERSION_LEFT) {
            row[FINISHED]++;
        } else if (result.injected() > 0) {
            row[ABSORBED]++;
        } else {
            row[CLEAN]++;
        }
    }

    /** The table in Markdown, with a total row. */
    String table(String heading) {
        StringBuilder out = new StringBuilder(heading).append("\n\n| registry | fault | tried | fault took effect | registered + verified"
                + " (no fault took effect) | registered + verified after faults (absorbed) | failed cleanly, nothing registered"
                + " | failed after the version was complete, finished by registering again | corrupt or left wrong (lost) |\n"
                + "|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
        int[] all = new int[7];
        rows.forEach((name, row) -> {
            out.append("| ").append(name);
            for (int i : COLUMNS) {
                out.append(" | ").append(row[i]);
                all[i] += row[i];
            }
            out.append(" |\n");
        });
        out.append("| **all** | ");
        for (int i : COLUMNS) {
            out.append(" | **").append(all[i]).append("**");
        }
        return out.append(" |\n").toString();
    }
}
