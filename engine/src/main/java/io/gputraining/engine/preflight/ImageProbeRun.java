package io.gputraining.engine.preflight;

import io.gputraining.engine.EngineException;
import io.gputraining.engine.LogSink;
import io.gputraining.engine.cdi.CdiErrors;
import io.gputraining.engine.preflight.probe.ProbeOptions;
import io.gputraining.engine.preflight.probe.ProbeReportFormatException;
import io.gputraining.engine.preflight.probe.ProbeReportParser;
import io.gputraining.engine.preflight.probe.ProbeScript;
import io.gputraining.engine.runtime.ContainerRuntime;
import io.gputraining.engine.runtime.ContainerSpec;
import io.gputraining.engine.runtime.Deadline;
import io.gputraining.engine.runtime.FileToCopy;
import io.gputraining.engine.runtime.RunResult;
import java.time.Duration;
import java.util.UUID;

/**
 * Runs the probe script in the image: copies it in (nothing in the image is relied on), runs it with the
 * GPUs the spec asks for, keeps its stdout as the report and streams its stderr to the log. Every way the
 * run can end becomes {@link ImageProbeEvidence}; a daemon that cannot give GPUs is reported as such.
 */
final class ImageProbeRun {

    private static final Duration DEADLINE_MARGIN = Duration.ofSeconds(120);

    private final ContainerRuntime runtime;
    private final ProbeScript script;

    ImageProbeRun(ContainerRuntime runtime, ProbeScript script) {
        this.runtime = runtime;
        this.script = script;
    }

    /**
     * What the run found.
     *
     * @param evidence        the image layer's evidence
     * @param gpuRequestError the daemon's refusal to give the container GPUs, or null
     */
    record Result(ImageProbeEvidence evidence, String gpuRequestError) {
    }

    /**
     * @param container the container to run in: image, GPUs, owner, user; its command is replaced
     * @param python    the interpreter in the image, usually {@code python3}
     */
    Result run(ContainerSpec container, String python, ProbeOptions options, LogSink log) throws InterruptedException {
        String path = "/tmp/gpu-training-" + UUID.randomUUID().toString().substring(0, 8) + "/" + ProbeScript.FILE_NAME;
        ContainerSpec spec = container.toBuilder()
                .file(new FileToCopy(path, script.bytes(), 0644))
                .command(script.command(python, path, options))
                .build();
        ProbeOutputCapture capture = new ProbeOutputCapture(log);
        Duration limit = deadline(options);
        RunResult result;
        try (Deadline deadline = new Deadline(limit)) {
            try {
                result = runtime.run(spec, capture);
            } catch (InterruptedException e) {
                if (!deadline.fired()) {
                    throw e;
                }
                Thread.interrupted();
                return new Result(ImageProbeEvidence.timedOut("the probe did not finish within " + limit.toSeconds()
                        + " s (the sum of its check deadlines plus " + DEADLINE_MARGIN.toSeconds() + " s) and was stopped"), null);
            } catch (EngineException e) {
                return startFailed(e.getMessage(), python);
            }
        }
        if (result.exitCode() == 126 || result.exitCode() == 127) {
            return new Result(ImageProbeEvidence.pythonMissing(noPython(python, "exit " + result.exitCode())), null);
        }
        try {
            return new Result(ImageProbeEvidence.reported(new ProbeReportParser().parse(capture.stdout())), null);
        } catch (ProbeReportFormatException e) {
            if (result.exitCode() != 0) {
                String why = result.oomKilled() ? "killed by the out-of-memory killer. " + capture.stderrTail() : capture.stderrTail();
                return new Result(ImageProbeEvidence.containerFailed(result.exitCode(), why), null);
            }
            return new Result(ImageProbeEvidence.outputUnreadable(e), null);
        }
    }

    private static Result startFailed(String message, String python) {
        if (CdiErrors.isUnresolvedDevice(message)) {
            return new Result(ImageProbeEvidence.notRun("the container could not be given its CDI devices"), CdiErrors.unresolved(message));
        }
        if (message.contains("could not select device driver")) {
            return new Result(ImageProbeEvidence.notRun("the container could not be given GPUs"), message);
        }
        if (message.contains("executable file not found")) {
            return new Result(ImageProbeEvidence.pythonMissing(noPython(python, "Docker: " + message)), null);
        }
        return new Result(ImageProbeEvidence.notRun(message), null);
    }

    private static Duration deadline(ProbeOptions o) {
        double seconds = o.importTimeoutSeconds() + o.cudaTimeoutSeconds() + o.matmulTimeoutSeconds() + o.allReduceTimeoutSeconds();
        return Duration.ofSeconds((long) Math.ceil(seconds)).plus(DEADLINE_MARGIN);
    }

    private static String noPython(String python, String detail) {
        return "'" + python + "' could not be run in the image (" + detail + "): the preflight needs a Python 3 interpreter"
                + " on the image's PATH, as every PyTorch image has; check the image, or name the interpreter to use";
    }
}
