package io.gputraining.engine.preflight.probe;

import io.gputraining.engine.EngineException;
import io.gputraining.engine.LogSink;
import io.gputraining.engine.runtime.ContainerRuntime;
import io.gputraining.engine.runtime.ContainerSpec;
import io.gputraining.engine.runtime.FileToCopy;
import io.gputraining.engine.runtime.RunResult;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * Runs the probe script in the image: copies it in (nothing in the image is relied on), runs it with the
 * GPUs the spec asks for, keeps its stdout as the report and streams its stderr to the log.
 */
public final class ImageProbeRun {

    private final ContainerRuntime runtime;
    private final ProbeScript script;

    public ImageProbeRun(ContainerRuntime runtime, ProbeScript script) {
        this.runtime = runtime;
        this.script = script;
    }

    /**
     * How the run ended: a report, or why there is none.
     *
     * @param report   the parsed report, when the probe printed one
     * @param failure  why there is no report (container could not start, python missing, unreadable output)
     * @param exitCode the probe process' exit code, or -1 when it never ran
     * @param elapsed  wall time of the whole run, container start included
     */
    public record Outcome(Optional<ImageProbeReport> report, Optional<String> failure, int exitCode, Duration elapsed)
            implements java.io.Serializable {
    }

    /**
     * Runs the probe.
     *
     * @param container the container to run it in: image, GPUs, owner, user; its command is replaced
     * @param python    the interpreter in the image, usually {@code python3}
     */
    public Outcome run(ContainerSpec container, String python, ProbeOptions options, LogSink log) throws InterruptedException {
        long started = System.nanoTime();
        String path = "/tmp/gpu-training-" + UUID.randomUUID().toString().substring(0, 8) + "/" + ProbeScript.FILE_NAME;
        ContainerSpec spec = container.toBuilder()
                .file(new FileToCopy(path, script.bytes(), 0644))
                .command(script.command(python, path, options))
                .build();
        StdoutCapture capture = new StdoutCapture(log);
        RunResult result;
        try {
            result = runtime.run(spec, capture);
        } catch (EngineException e) {
            String why = e.getMessage().contains("executable file not found") ? noPython(python, "Docker: " + e.getMessage()) : e.getMessage();
            return new Outcome(Optional.empty(), Optional.of(why), -1, since(started));
        }
        byte[] stdout = capture.stdout();
        if (result.exitCode() == 126 || result.exitCode() == 127) {
            return new Outcome(Optional.empty(), Optional.of(noPython(python, "exit " + result.exitCode())), result.exitCode(), since(started));
        }
        try {
            ImageProbeReport report = new ProbeReportParser().parse(stdout);
            return new Outcome(Optional.of(report), Optional.empty(), result.exitCode(), since(started));
        } catch (ProbeReportFormatException e) {
            String why = result.oomKilled() ? "the probe was killed by the out-of-memory killer"
                    : "the probe exited " + result.exitCode() + " without a readable report: " + e.getMessage();
            return new Outcome(Optional.empty(), Optional.of(why), result.exitCode(), since(started));
        }
    }

    private static String noPython(String python, String detail) {
        return "'" + python + "' could not be run in the image (" + detail + "): the preflight needs a Python 3 interpreter"
                + " on the image's PATH, as every PyTorch image has; check the image, or name the interpreter to use";
    }

    private static Duration since(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }
}
