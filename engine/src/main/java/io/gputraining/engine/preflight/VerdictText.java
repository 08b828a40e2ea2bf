package io.gputraining.engine.preflight;

import io.gputraining.engine.preflight.host.GpuInfo;
import io.gputraining.engine.preflight.host.GpuProcess;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Wording the rules share, so every verdict names GPUs, sizes and errors the same way. */
final class VerdictText {

    /** Longest quoted error in a cause: the probe keeps up to 4000 characters, a console line cannot. */
    static final int QUOTE_LIMIT = 300;

    private VerdictText() {
    }

    /** Text on one line, whitespace runs collapsed, cut to {@code limit} characters with an ellipsis. */
    static String oneLine(String text, int limit) {
        String line = text == null ? "" : text.strip().replaceAll("\\s+", " ");
        return line.length() <= limit ? line : line.substring(0, limit - 3) + "...";
    }

    /** An error or message to quote inside a cause. */
    static String quote(String text) {
        return oneLine(text, QUOTE_LIMIT);
    }

    /** {@code GPU 0 (NVIDIA H100 80GB HBM3)}. */
    static String gpu(GpuInfo gpu) {
        return "GPU " + gpu.index() + " (" + gpu.name() + ")";
    }

    /** {@code GPU 0, GPU 1}. */
    static String indexes(List<GpuInfo> gpus) {
        return gpus.stream().map(g -> "GPU " + g.index()).collect(Collectors.joining(", "));
    }

    /** {@code 0,1}: the form {@code gpus: device=…} takes. */
    static String deviceList(List<GpuInfo> gpus) {
        return gpus.stream().map(g -> Integer.toString(g.index())).collect(Collectors.joining(","));
    }

    /** {@code pid 420 python3 (8710 MiB)}. */
    static String process(GpuProcess p) {
        return "pid " + p.pid() + p.processName().map(n -> " " + n).orElse("")
                + (p.usedMemoryMib().isPresent() ? " (" + p.usedMemoryMib().getAsLong() + " MiB)" : "");
    }

    static String plural(long n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }

    /** A duration in ms, as a person reads it: {@code 812 ms}, {@code 5.8 s}. */
    static String millis(double ms) {
        return ms < 1000 ? Math.round(ms) + " ms" : String.format(Locale.ROOT, "%.1f s", ms / 1000);
    }

    /** A number in scientific notation with two significant digits, e.g. {@code 5.7e-07}. */
    static String small(double value) {
        return String.format(Locale.ROOT, "%.1e", value);
    }

    /** Throughput from GFLOP/s: {@code 25.0 TFLOP/s} or {@code 2.6 GFLOP/s}. */
    static String flops(double gflops) {
        return gflops >= 1000 ? String.format(Locale.ROOT, "%.1f TFLOP/s", gflops / 1000)
                : String.format(Locale.ROOT, "%.1f GFLOP/s", gflops);
    }
}
