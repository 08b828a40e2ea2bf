package io.gputraining.engine.preflight.host;

import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns one {@code nvidia-smi} value into a typed one. {@code nvidia-smi} writes every non-value in brackets
 * ({@code [N/A]}, {@code [Not Supported]}, {@code [Requested functionality has been deprecated]},
 * {@code [Unknown Error]}, {@code [Insufficient Permissions]}) or, in XML, as {@code N/A}: all of them, and
 * anything that does not have the expected form, become empty rather than an error, because one odd field
 * must not hide the rest of a GPU's facts.
 */
final class NvidiaSmiValue {

    /** A number, then optionally a unit ({@code 81559 MiB}, {@code 117.50 W}, {@code 0 %}, {@code 34 C}). */
    private static final Pattern NUMBER_WITH_UNIT = Pattern.compile("(-?\\d+(?:\\.\\d+)?)(?:\\s*[A-Za-z%]+)?");
    private static final Pattern WHOLE_NUMBER_WITH_UNIT = Pattern.compile("(-?\\d+)(?:\\s*[A-Za-z%]+)?");
    private static final Pattern HEX = Pattern.compile("0[xX]([0-9a-fA-F]{1,16})");

    private NvidiaSmiValue() {
    }

    static Optional<String> text(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String v = raw.strip();
        boolean bracketed = v.startsWith("[") && v.endsWith("]");
        return v.isEmpty() || bracketed || v.equalsIgnoreCase("N/A") ? Optional.empty() : Optional.of(v);
    }

    static OptionalLong wholeNumber(String raw) {
        Optional<Matcher> m = text(raw).map(WHOLE_NUMBER_WITH_UNIT::matcher).filter(Matcher::matches);
        try {
            return m.isPresent() ? OptionalLong.of(Long.parseLong(m.get().group(1))) : OptionalLong.empty();
        } catch (NumberFormatException tooLarge) {
            return OptionalLong.empty();
        }
    }

    static OptionalInt smallNumber(String raw) {
        OptionalLong n = wholeNumber(raw);
        boolean fits = n.isPresent() && n.getAsLong() == (int) n.getAsLong();
        return fits ? OptionalInt.of((int) n.getAsLong()) : OptionalInt.empty();
    }

    static OptionalDouble decimal(String raw) {
        Optional<Matcher> m = text(raw).map(NUMBER_WITH_UNIT::matcher).filter(Matcher::matches);
        return m.isPresent() ? OptionalDouble.of(Double.parseDouble(m.get().group(1))) : OptionalDouble.empty();
    }

    /** {@code 0x0000000000000001}, as {@code clocks_event_reasons.active} prints its mask. */
    static OptionalLong bitMask(String raw) {
        Optional<Matcher> m = text(raw).map(HEX::matcher).filter(Matcher::matches);
        return m.isPresent() ? OptionalLong.of(Long.parseUnsignedLong(m.get().group(1), 16)) : OptionalLong.empty();
    }

    /** Enabled/Disabled, Yes/No, On/Off, Active/Not Active, True/False. */
    static Optional<Boolean> flag(String raw) {
        return text(raw).map(v -> v.toLowerCase(Locale.ROOT)).flatMap(v -> switch (v) {
            case "enabled", "yes", "on", "active", "true" -> Optional.of(true);
            case "disabled", "no", "off", "not active", "false" -> Optional.of(false);
            default -> Optional.empty();
        });
    }

    /** A value parsed by {@code parser}; empty when absent or when the parser rejects its form. */
    static <T> Optional<T> parsed(String raw, Function<String, T> parser) {
        try {
            return text(raw).map(parser);
        } catch (InvalidVersionException notThatForm) {
            return Optional.empty();
        }
    }
}
