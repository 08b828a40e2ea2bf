package io.gputraining.reliability;

/**
 * One attack and what came of it.
 *
 * @param category the part of the suite ({@code aborts}, {@code registry-faults}, …)
 * @param scenario what was done, short enough for a table row ({@code SIGKILL during train})
 * @param outcome  whether every invariant held
 * @param detail   what was observed, one line (why it was lost, or how it ended)
 */
public record Trial(String category, String scenario, Outcome outcome, String detail) {

    static final char SEPARATOR = '\t';

    public Trial {
        category = oneField(category);
        scenario = oneField(scenario);
        detail = oneField(detail == null ? "" : detail);
    }

    String toLine() {
        return category + SEPARATOR + scenario + SEPARATOR + outcome + SEPARATOR + detail;
    }

    static Trial fromLine(String line) {
        String[] f = line.split(String.valueOf(SEPARATOR), 4);
        return new Trial(f[0], f[1], Outcome.valueOf(f[2]), f.length > 3 ? f[3] : "");
    }

    private static String oneField(String s) {
        return s.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
    }
}
