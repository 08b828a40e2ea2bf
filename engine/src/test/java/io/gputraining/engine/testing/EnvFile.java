package io.gputraining.engine.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The variables of a shell env file as {@code scripts/testenv-up} writes it ({@code .testenv/env}):
 * lines {@code export NAME='value'}; {@code export} is optional, values may also be double-quoted or bare,
 * blank lines and {@code #} comments are skipped. No shell expansion: the script writes literal values.
 *
 * @param variables the assignments in file order
 */
record EnvFile(Map<String, String> variables) {

    /** Where {@code scripts/testenv-up} writes the file, relative to the repository root. */
    static final Path RELATIVE_PATH = Path.of(".testenv", "env");

    private static final Pattern ASSIGNMENT =
            Pattern.compile("(?:export\\s+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)");

    EnvFile {
        variables = Map.copyOf(variables);
    }

    /**
     * Parses the lines of an env file.
     *
     * @param source names the file in error messages
     * @throws IllegalArgumentException naming the line, for a line that is no assignment or has an
     *                                  unterminated quote
     */
    static EnvFile parse(String source, List<String> lines) {
        Map<String, String> variables = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Matcher assignment = ASSIGNMENT.matcher(line);
            if (!assignment.matches()) {
                throw new IllegalArgumentException(source + " line " + (i + 1) + " is not NAME=value: '" + line
                        + "'; regenerate it with scripts/testenv-up");
            }
            variables.put(assignment.group(1), unquote(assignment.group(2), source, i + 1));
        }
        return new EnvFile(variables);
    }

    /** Reads and parses the file at {@code path}. */
    static EnvFile read(Path path) {
        try {
            return parse(path.toString(), Files.readAllLines(path));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    /**
     * Finds {@code .testenv/env} in {@code start} or the nearest of its ancestors: tests run in a module
     * directory ({@code engine/}) while the file lies at the repository root.
     */
    static Optional<Path> locate(Path start) {
        for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(RELATIVE_PATH);
            if (Files.isRegularFile(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The value of {@code name}, empty when the file does not set it or sets it to the empty string. */
    Optional<String> value(String name) {
        return Optional.ofNullable(variables.get(name)).filter(v -> !v.isEmpty());
    }

    private static String unquote(String raw, String source, int lineNumber) {
        String value = raw.strip();
        for (char quote : new char[] {'\'', '"'}) {
            if (!value.isEmpty() && value.charAt(0) == quote) {
                if (value.length() < 2 || value.charAt(value.length() - 1) != quote) {
                    throw new IllegalArgumentException(source + " line " + lineNumber
                            + " has an unterminated " + quote + " quote; regenerate it with scripts/testenv-up");
                }
                return value.substring(1, value.length() - 1);
            }
        }
        return value;
    }
}
