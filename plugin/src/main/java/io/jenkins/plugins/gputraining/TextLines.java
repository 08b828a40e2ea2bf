package io.jenkins.plugins.gputraining;

import java.util.Arrays;
import java.util.List;

/** A text area's value as the list a Pipeline gives ({@code env}, {@code mounts}): one entry per non-blank line. */
public final class TextLines {

    private TextLines() {
    }

    /** The stripped, non-blank lines; none for null. */
    public static List<String> of(String text) {
        return text == null ? List.of() : Arrays.stream(text.split("\\R")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /** The entries one per line, as a text area shows them. */
    public static String join(List<String> entries) {
        return entries == null ? "" : String.join("\n", entries);
    }
}
