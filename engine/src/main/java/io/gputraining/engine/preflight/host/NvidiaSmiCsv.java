package io.gputraining.engine.preflight.host;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads {@code nvidia-smi --format=csv[,noheader][,nounits]} output into rows keyed by field name. With a
 * header, columns are found by name, not position; without one, they are the fields asked, in order.
 * {@code nvidia-smi} does not quote values, so a value containing a comma (a process path can) splits into
 * extra cells: a designated free-text column takes them back.
 */
final class NvidiaSmiCsv {

    /** Header names the driver prints for a field asked under another name. */
    private static final Map<String, String> RENAMED = Map.of(
            "clocks_event_reasons.active", "clocks_throttle_reasons.active",
            "used_gpu_memory", "used_memory");

    private static final Pattern UNIT_SUFFIX = Pattern.compile("\\s*\\[[^\\]]*\\]\\s*$");

    /** One data line and its values by field name (values stripped of surrounding whitespace). */
    record Row(String line, Map<String, String> values) {
        Optional<String> raw(String field) {
            return Optional.ofNullable(values.get(field));
        }
    }

    /** The rows read, and the lines that did not fit the columns (messages {@code nvidia-smi} mixed in). */
    record Table(List<Row> rows, List<String> unparsedLines) {
    }

    private NvidiaSmiCsv() {
    }

    /**
     * @param text           the output
     * @param askedFields    the fields asked, in order; the columns when there is no header
     * @param headerMarker   a field name that only a header line contains as a cell (e.g. {@code uuid})
     * @param freeTextField  the field that takes back extra cells, or null for none
     */
    static Table read(String text, List<String> askedFields, String headerMarker, String freeTextField) {
        List<String> lines = text.lines().filter(l -> !l.isBlank()).toList();
        List<String> columns = askedFields;
        int first = 0;
        if (!lines.isEmpty()) {
            List<String> names = Arrays.stream(lines.get(0).split(",", -1)).map(NvidiaSmiCsv::fieldName).toList();
            if (names.contains(headerMarker)) {
                columns = names;
                first = 1;
            }
        }
        int freeText = freeTextField == null ? -1 : columns.indexOf(freeTextField);
        List<Row> rows = new ArrayList<>();
        List<String> unparsed = new ArrayList<>();
        for (String line : lines.subList(first, lines.size())) {
            List<String> cells = cells(line, columns.size(), freeText);
            if (cells.size() != columns.size()) {
                unparsed.add(line.strip());
                continue;
            }
            Map<String, String> values = new HashMap<>();
            for (int i = 0; i < columns.size(); i++) {
                values.put(columns.get(i), cells.get(i).strip());
            }
            rows.add(new Row(line.strip(), values));
        }
        return new Table(rows, unparsed);
    }

    /** The field a header cell names: units dropped ({@code memory.total [MiB]}), renames undone. */
    static String fieldName(String headerCell) {
        String name = UNIT_SUFFIX.matcher(headerCell.strip()).replaceFirst("").toLowerCase(Locale.ROOT);
        return RENAMED.getOrDefault(name, name);
    }

    private static List<String> cells(String line, int columns, int freeText) {
        List<String> cells = new ArrayList<>(Arrays.asList(line.split(",", -1)));
        int extra = cells.size() - columns;
        if (extra > 0 && freeText >= 0) {
            String joined = String.join(",", cells.subList(freeText, freeText + extra + 1));
            cells.subList(freeText, freeText + extra + 1).clear();
            cells.add(freeText, joined);
        }
        return cells;
    }
}
