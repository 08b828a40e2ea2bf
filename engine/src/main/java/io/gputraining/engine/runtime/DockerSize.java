package io.gputraining.engine.runtime;

import io.gputraining.engine.EngineException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Sizes as {@code docker run} reads them ({@code --memory}, {@code --shm-size}): plain bytes, or k, m, g in binary units. */
final class DockerSize {

    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([bkmg]?)(i?b)?");

    private DockerSize() {
    }

    /**
     * Parses {@code 0}, {@code 1073741824}, {@code 512m}, {@code 8g}, {@code 64MiB}.
     *
     * @param what     what the size is, to start the message with ({@code Memory limit})
     * @param examples how to write one, for the message ({@code 512m or 8g})
     * @throws EngineException when the text is no size, or one too large for a long
     */
    static long bytes(String text, String what, String examples) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        Matcher m = SIZE.matcher(t);
        if (!m.matches()) {
            throw new EngineException(what + " '" + text + "' is not a size: write it as Docker does, e.g. " + examples + ".");
        }
        int shift = switch (m.group(2)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            default -> 0;
        };
        long value;
        try {
            value = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            value = Long.MAX_VALUE;
        }
        if (value > (Long.MAX_VALUE >> shift)) {
            throw new EngineException(what + " '" + text + "' is too large.");
        }
        return value << shift;
    }
}
