package io.gputraining.engine.preflight;

import io.gputraining.engine.preflight.probe.ImageProbeReport;

/** {@code probe}: the in-image probe ran to its end and wrote its report. */
final class ProbeRule implements VerdictRule {

    /** The exit status of a container killed by SIGKILL: the kernel's OOM killer, or a stop after a deadline. */
    private static final int KILLED = 137;

    @Override
    public PreflightCheck check() {
        return PreflightCheck.PROBE;
    }

    @Override
    public Verdict evaluate(VerdictInput input) {
        ImageProbeEvidence image = input.evidence().image();
        String imageName = imageName(input.evidence());
        return switch (image.outcome()) {
            case REPORTED -> reported(image.report());
            case NOT_RUN -> Verdict.skip(check(), "probe not run: " + VerdictText.oneLine(image.message(), 150));
            case CONTAINER_FAILED -> containerFailed(image, imageName);
            case PYTHON_MISSING -> Verdict.fail(check(), "the image has no Python to run the probe with",
                    VerdictText.quote(image.message()),
                    "Use an image with python3 and PyTorch on its PATH (e.g. pytorch/pytorch:<version>-cuda<x.y>"
                            + "-cudnn<n>-runtime), or install python3 and torch in " + imageName + ".");
            case OUTPUT_UNREADABLE -> Verdict.fail(check(), "the probe's output was not its report",
                    VerdictText.quote(image.message()),
                    "Something in " + imageName + " writes to stdout when Python starts (a sitecustomize.py, a"
                            + " PYTHONSTARTUP script, an entrypoint banner): make it write to stderr or remove it.");
            case TIMED_OUT -> Verdict.fail(check(), "the probe did not finish in time and was stopped",
                    VerdictText.quote(image.message()),
                    "Starting the container or 'import torch' hung or was very slow: check the agent's load and disk"
                            + " (docker stats, iostat), look for Xid errors in dmesg, or raise the preflight timeout.");
        };
    }

    private Verdict reported(ImageProbeReport report) {
        String ran = "probe ran" + (report.elapsedMs() == null ? "" : " in " + VerdictText.millis(report.elapsedMs()))
                + (report.python() == null ? "" : " with Python " + report.python().version());
        if (report.error() != null) {
            return Verdict.fail(check(), VerdictText.oneLine(ran + " but stopped early", 150),
                    "The probe could not finish: " + VerdictText.quote(report.error()),
                    "Read the probe's stderr in the build log; if it was interrupted, run the build again. A probe"
                            + " error that repeats is a bug of the preflight: report it with the preflight JSON.");
        }
        return Verdict.pass(check(), ran);
    }

    private Verdict containerFailed(ImageProbeEvidence image, String imageName) {
        int code = image.exitCode();
        String summary = "the probe's container exited with status " + code + " before writing its report";
        String cause = "Its output ends with: " + VerdictText.quote(tail(image.message()));
        String fix = switch (code) {
            case KILLED -> "The container was killed (SIGKILL), most often by the out-of-memory killer: give the"
                    + " container more memory, or check 'dmesg' on the agent for the OOM killer.";
            case 126 -> "The probe's command could not be executed in " + imageName + ": check that python3 there is"
                    + " executable and the container's user may run it.";
            case 127 -> "The probe's command was not found in " + imageName + ": use an image with python3 on its PATH.";
            default -> "Reproduce it on the agent: docker run --rm --gpus all " + imageName + " python3 -c 'import torch;"
                    + " print(torch.cuda.is_available())', and fix what it prints.";
        };
        return Verdict.fail(check(), summary, cause, fix);
    }

    /** The end of the output is where the error is. */
    private static String tail(String output) {
        String text = output.strip();
        int limit = VerdictText.QUOTE_LIMIT;
        return text.length() <= limit ? text : "..." + text.substring(text.length() - (limit - 3));
    }

    private static String imageName(PreflightEvidence evidence) {
        return evidence.imageReference() == null ? "the image" : evidence.imageReference();
    }
}
