package io.jenkins.plugins.gputraining;

import io.gputraining.engine.preflight.GpuSummary;
import io.gputraining.engine.preflight.PreflightReport;
import io.gputraining.engine.preflight.Verdict;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What the build page shows of one preflight, in plain fields (kept in the build's XML, so no engine types):
 * the overall result, the software found, the GPUs and one line per verdict.
 */
public final class PreflightSummary implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String overall;
    private final String image;
    private final String imageDigest;
    private final String driverVersion;
    private final String hostCudaVersion;
    private final String torchVersion;
    private final String torchCuda;
    private final List<String> gpus;
    private final List<VerdictLine> verdicts;

    private PreflightSummary(PreflightReport report) {
        overall = report.overall().name();
        image = report.imageReference();
        imageDigest = report.imageDigest();
        driverVersion = report.driverVersion();
        hostCudaVersion = report.hostCudaVersion();
        torchVersion = report.torchVersion();
        torchCuda = report.torchCuda();
        List<String> gpuLines = new ArrayList<>();
        for (GpuSummary gpu : report.gpus()) {
            gpuLines.add(gpu.index() + ": " + gpu.name() + (gpu.memoryTotalMiB() == null ? "" : " (" + gpu.memoryTotalMiB() + " MiB)"));
        }
        gpus = gpuLines;
        List<VerdictLine> lines = new ArrayList<>();
        for (Verdict verdict : report.verdicts()) {
            lines.add(new VerdictLine(verdict.check(), verdict.level().name(), verdict.summary(), verdict.fix()));
        }
        verdicts = lines;
    }

    static PreflightSummary of(PreflightReport report) {
        return new PreflightSummary(report);
    }

    /** PASS, WARN or FAIL. */
    public String getOverall() { return overall; }

    public String getImage() { return image; }

    public String getImageDigest() { return imageDigest; }

    public String getDriverVersion() { return driverVersion; }

    public String getHostCudaVersion() { return hostCudaVersion; }

    public String getTorchVersion() { return torchVersion; }

    public String getTorchCuda() { return torchCuda; }

    public List<String> getGpus() { return Collections.unmodifiableList(gpus); }

    public List<VerdictLine> getVerdicts() { return Collections.unmodifiableList(verdicts); }

    /** One check's verdict, as shown in the table. */
    public static final class VerdictLine implements Serializable {

        private static final long serialVersionUID = 1L;

        private final String check;
        private final String level;
        private final String summary;
        private final String fix;

        VerdictLine(String check, String level, String summary, String fix) {
            this.check = check;
            this.level = level;
            this.summary = summary;
            this.fix = fix;
        }

        public String getCheck() { return check; }

        public String getLevel() { return level; }

        public String getSummary() { return summary; }

        /** What to do, for a warning or failure; null otherwise. */
        public String getFix() { return fix; }
    }
}
