package io.gputraining.engine.preflight.host;

import java.io.Serializable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A GPU's CUDA compute capability, e.g. 9.0 for H100/H200 ({@code sm_90}). */
public record ComputeCapability(int major, int minor) implements Comparable<ComputeCapability>, Serializable {

    private static final Pattern FORM = Pattern.compile("(\\d+)\\.(\\d+)");

    /** Parses {@code 9.0} as {@code nvidia-smi --query-gpu=compute_cap} prints it. */
    public static ComputeCapability parse(String text) {
        Matcher m = FORM.matcher(text == null ? "" : text.strip());
        if (!m.matches()) {
            throw new InvalidVersionException("compute capability", String.valueOf(text), "9.0");
        }
        return new ComputeCapability(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }

    /** The architecture name compilers use, e.g. {@code sm_90}. */
    public String smArchitecture() {
        return "sm_" + major + minor;
    }

    @Override
    public int compareTo(ComputeCapability other) {
        int c = Integer.compare(major, other.major);
        return c != 0 ? c : Integer.compare(minor, other.minor);
    }

    @Override
    public String toString() {
        return major + "." + minor;
    }
}
