package io.gputraining.engine.preflight.host;

import java.io.Serializable;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * An NVIDIA Linux driver version as {@code nvidia-smi} prints it, e.g. {@code 580.159.04} or {@code 455.23}.
 * Ordered numerically part by part ({@code 580.159.04} is newer than {@code 580.65.06}); a missing part counts
 * as 0, so {@code 455.23} equals {@code 455.23.00} in order though not in {@link #text()}.
 *
 * @param text the version exactly as printed (leading zeros kept, so it can be shown back to users)
 */
public record DriverVersion(String text) implements Comparable<DriverVersion>, Serializable {

    private static final Pattern FORM = Pattern.compile("\\d+(\\.\\d+){0,3}");

    public DriverVersion {
        if (text == null || !FORM.matcher(text).matches()) {
            throw new InvalidVersionException("NVIDIA driver version", String.valueOf(text), "580.159.04");
        }
    }

    /** Parses a version, ignoring surrounding whitespace. */
    public static DriverVersion parse(String text) {
        return new DriverVersion(text == null ? null : text.strip());
    }

    /** The branch number, e.g. 580 for {@code 580.159.04}. */
    public int major() {
        return parts()[0];
    }

    /** Whether this driver is the given one or newer. */
    public boolean isAtLeast(DriverVersion minimum) {
        return compareTo(minimum) >= 0;
    }

    @Override
    public int compareTo(DriverVersion other) {
        int[] a = parts();
        int[] b = other.parts();
        for (int i = 0; i < Math.max(a.length, b.length); i++) {
            int c = Integer.compare(i < a.length ? a[i] : 0, i < b.length ? b[i] : 0);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private int[] parts() {
        return Arrays.stream(text.split("\\.")).mapToInt(Integer::parseInt).toArray();
    }

    @Override
    public String toString() {
        return text;
    }
}
