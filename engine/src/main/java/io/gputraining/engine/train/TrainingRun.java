package io.gputraining.engine.train;

import io.gputraining.engine.LogSink;
import io.gputraining.engine.launch.PreparedLaunch;
import io.gputraining.engine.runtime.ContainerSpec;
import io.gputraining.engine.runtime.Deadline;
import io.gputraining.engine.runtime.Mount;
import io.gputraining.engine.runtime.RunResult;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The training command in the container: the workspace mounted at its own path as working directory, a
 * fresh output directory per run announced as {@code $GPU_TRAINING_OUTPUT_DIR}, the leased GPUs, live logs,
 * and the timeout. A non-zero exit, an OOM kill or the timeout end the flow before anything is collected.
 */
final class TrainingRun {

    private final PreparedLaunch launch;

    /** @param launch the pinned image and leased GPUs, preflight passed */
    TrainingRun(PreparedLaunch launch) {
        this.launch = launch;
    }

    record Outcome(int exitCode, Duration took) {
    }

    Outcome run(TrainingRequest request, String runId, LogSink log) throws InterruptedException {
        RunDirectory directory = RunDirectory.create(Path.of(request.workspace()).resolve(request.outputDir()).resolve(runId));
        try {
            return run(request, directory.path(), log);
        } catch (RuntimeException | InterruptedException e) {
            directory.removeIfEmpty();
            throw e;
        }
    }

    private Outcome run(TrainingRequest request, Path outputDir, LogSink log) throws InterruptedException {
        ContainerSpec spec = launch.containerSpec()
                .command(request.command())
                .env(request.env())
                .env(TrainingRequest.OUTPUT_DIR_VARIABLE, outputDir.toString())
                .mount(Mount.samePath(request.workspace()))
                .workingDir(request.workspace())
                .memoryBytes(request.memoryLimit().bytes())
                .build();
        log.message("Training: " + String.join(" ", request.command()) + " (output in " + outputDir + ")");
        RunResult result;
        try (Deadline deadline = new Deadline(request.timeout())) {
            try {
                result = launch.run(spec, log);
            } catch (InterruptedException e) {
                if (!deadline.fired()) {
                    throw e;
                }
                Thread.interrupted();
                throw new TrainingFailedException("The training ran longer than its timeout of " + humanDuration(request.timeout())
                        + " and was stopped; its container was removed and nothing was registered. Raise the timeout if the run needs"
                        + " longer.", -1, false, true);
            }
        }
        if (result.oomKilled()) {
            throw new TrainingFailedException("The training ran out of memory and was killed by the out-of-memory killer (exit "
                    + result.exitCode() + ")" + (request.memoryLimit().isNone() ? ", with no memory limit set: the host ran out"
                    : " at the container's memory limit of " + request.memoryLimit()) + "; nothing was registered. Lower the batch size,"
                    + " or give the container more memory" + (request.memoryLimit().isNone() ? "." : " (raise the memory limit)."),
                    result.exitCode(), true, false);
        }
        if (result.exitCode() != 0) {
            throw new TrainingFailedException("The training command exited with " + result.exitCode() + "; nothing was registered."
                    + " Its output is above.", result.exitCode(), false, false);
        }
        return new Outcome(result.exitCode(), result.duration());
    }

    /** {@code 90 min}, {@code 3 s}: a timeout given in seconds must not read as {@code 0 min}. */
    static String humanDuration(Duration d) {
        return d.toSecondsPart() == 0 && d.toMinutes() > 0 ? d.toMinutes() + " min" : d.toSeconds() + " s";
    }
}
