package io.gputraining.engine.preflight.host;

import java.util.List;

/**
 * What a parser read from one {@code nvidia-smi} output.
 *
 * @param rows          the values read, in output order
 * @param unparsedLines lines that were not a row, e.g. {@code Unable to determine the device handle for GPU…}
 */
public record ParsedRows<T>(List<T> rows, List<String> unparsedLines) {

    public ParsedRows {
        rows = List.copyOf(rows);
        unparsedLines = List.copyOf(unparsedLines);
    }
}
