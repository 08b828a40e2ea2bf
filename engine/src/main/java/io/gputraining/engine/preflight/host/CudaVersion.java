package io.gputraining.engine.preflight.host;

import java.io.Serializable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A CUDA version as {@code major.minor}: what {@code torch.version.cuda} reports for a PyTorch build
 * ({@code "12.4"}) or what {@code nvidia-smi} shows as the highest CUDA the driver supports ({@code "13.0"}).
 * A third part ({@code 12.4.1}) is accepted and dropped: driver requirements are tabled per minor release.
 */
public record CudaVersion(int major, int minor) implements Comparable<CudaVersion>, Serializable {

    private static final Pattern FORM = Pattern.compile("(\\d+)\\.(\\d+)(\\.\\d+)?");

    public CudaVersion {
        if (major < 1 || minor < 0) {
            throw new InvalidVersionException("CUDA version", major + "." + minor, "12.4");
        }
    }

    /** Parses {@code 12.4} or {@code 12.4.1}, ignoring surrounding whitespace. */
    public static CudaVersion parse(String text) {
        Matcher m = FORM.matcher(text == null ? "" : text.strip());
        if (!m.matches()) {
            throw new InvalidVersionException("CUDA version", String.valueOf(text), "12.4");
        }
        return new CudaVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }

    @Override
    public int compareTo(CudaVersion other) {
        int c = Integer.compare(major, other.major);
        return c != 0 ? c : Integer.compare(minor, other.minor);
    }

    @Override
    public String toString() {
        return major + "." + minor;
    }
}
