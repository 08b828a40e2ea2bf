package io.gputraining.engine.preflight;

import io.gputraining.engine.LogSink;
import java.util.ArrayList;
import java.util.List;

/**
 * A report as a few lines for the build console: a header (overall, image, driver, torch and its CUDA), one row per
 * verdict (level, check, summary), and under each WARN and FAIL its cause and fix. Plain ASCII, no colour, every
 * line at most {@link #WIDTH} characters: long text wraps onto indented lines, so the columns stay readable in
 * any console.
 *
 * <pre>
 * GPU preflight FAIL: image pytorch/pytorch:2.5.1-cuda12.4@sha256:0123456789ab, driver 535.104.05 (CUDA
 *   12.2), torch 2.11.0+cu130 (CUDA 13.0)
 * PASS  host-driver     driver 535.104.05 (CUDA 12.2), 1 GPU: 1x NVIDIA H100 80GB HBM3
 * FAIL  driver-compat   torch built for CUDA 13.0, agent driver 535.104.05: the driver is too old...
 *       cause: The host driver 535.104.05 is too old for CUDA 13.0: install driver >= 580.65.06 ...
 *       fix:   Install a driver >= 580.65.06 on the agent, or use an image whose torch is built for ...
 * </pre>
 */
public final class PreflightSummaryTable {

    /** The widest line written. */
    public static final int WIDTH = 99;

    private static final int LEVEL_WIDTH = 4;
    private static final int CHECK_WIDTH = 14;
    private static final String ROW_INDENT = " ".repeat(LEVEL_WIDTH + 2 + CHECK_WIDTH + 2);
    private static final String DETAIL_INDENT = " ".repeat(LEVEL_WIDTH + 2);
    private static final int DIGEST_SHOWN = "sha256:".length() + 12;

    /** The lines, without line terminators. */
    public List<String> lines(PreflightReport report) {
        List<String> lines = new ArrayList<>(wrap(header(report), "", "  "));
        for (Verdict verdict : report.verdicts()) {
            String row = String.format("%-" + LEVEL_WIDTH + "s  %-" + CHECK_WIDTH + "s  ", verdict.level().name(),
                    verdict.check());
            lines.addAll(wrap(row + verdict.summary(), "", ROW_INDENT));
            if (verdict.isProblem()) {
                lines.addAll(wrap(DETAIL_INDENT + "cause: " + verdict.cause(), "", DETAIL_INDENT + "       "));
                lines.addAll(wrap(DETAIL_INDENT + "fix:   " + verdict.fix(), "", DETAIL_INDENT + "       "));
            }
        }
        return List.copyOf(lines);
    }

    /** The lines joined, each ending with a newline. */
    public String render(PreflightReport report) {
        StringBuilder text = new StringBuilder();
        lines(report).forEach(line -> text.append(line).append('\n'));
        return text.toString();
    }

    /** Writes the lines as the engine's messages. */
    public void writeTo(PreflightReport report, LogSink sink) {
        lines(report).forEach(sink::message);
    }

    private static String header(PreflightReport report) {
        String image = report.imageReference() == null ? "none (ran on the host)" : shortDigest(report.imageReference());
        String driver = report.driverVersion() == null ? "unknown" : report.driverVersion();
        String hostCuda = report.hostCudaVersion() == null ? "" : " (CUDA " + report.hostCudaVersion() + ")";
        String torch = report.torchVersion() == null ? "not imported"
                : report.torchVersion() + " (" + (report.torchCuda() == null ? "CPU build" : "CUDA " + report.torchCuda()) + ")";
        return "GPU preflight " + report.overall() + ": image " + image + ", driver " + driver + hostCuda + ", torch "
                + torch;
    }

    /** A full digest is 71 characters; its first 12 hex digits name the image as well as Docker's short ids do. */
    private static String shortDigest(String reference) {
        int at = reference.indexOf("@sha256:");
        if (at < 0 || reference.length() - at - 1 <= DIGEST_SHOWN) {
            return reference;
        }
        return reference.substring(0, at + 1 + DIGEST_SHOWN);
    }

    /**
     * Breaks {@code text} at spaces into lines of at most {@link #WIDTH}; continuation lines start with
     * {@code indent}. A word longer than a line is cut. Characters outside printable ASCII become '?', so no
     * console mangles the layout.
     */
    static List<String> wrap(String text, String firstIndent, String indent) {
        String ascii = (firstIndent + text).replaceAll("\\s+$", "").chars()
                .map(c -> c >= 0x20 && c < 0x7f ? c : c == '\t' || c == '\n' || c == '\r' ? ' ' : '?')
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        List<String> lines = new ArrayList<>();
        String rest = ascii;
        String prefix = "";
        while (prefix.length() + rest.length() > WIDTH) {
            int room = WIDTH - prefix.length();
            int cut = rest.lastIndexOf(' ', room);
            if (cut <= 0 || rest.substring(0, cut).isBlank()) {
                cut = room;
            }
            lines.add((prefix + rest.substring(0, cut)).stripTrailing());
            rest = rest.substring(cut).stripLeading();
            prefix = indent;
        }
        lines.add(prefix + rest);
        return lines;
    }
}
