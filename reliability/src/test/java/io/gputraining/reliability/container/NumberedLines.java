package io.gputraining.reliability.container;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks, streaming, that a captured stdout holds the lines {@code 000000000 x…} to {@code n-1} each once and in
 * order, followed only by lines of another form (what the CLI prints after the training).
 */
final class NumberedLines {

    private final int expected;

    NumberedLines(int expected) {
        this.expected = expected;
    }

    List<String> problemsIn(Path file) throws IOException {
        List<String> problems = new ArrayList<>();
        int next = 0;
        boolean ended = false;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); line != null && problems.size() < 5; line = in.readLine()) {
                boolean numbered = line.length() == 99 && line.charAt(9) == ' ' && Character.isDigit(line.charAt(0));
                if (!numbered) {
                    ended = true;
                    continue;
                }
                int n = Integer.parseInt(line.substring(0, 9));
                if (ended || n != next) {
                    problems.add("line " + n + " came where " + (ended ? "no more numbered lines" : "line " + next) + " belonged");
                }
                next = n + 1;
            }
        }
        if (next != expected) {
            problems.add("the last numbered line was " + (next - 1) + ", expected " + (expected - 1));
        }
        return problems;
    }
}
