package io.gputraining.engine.train;

import io.gputraining.engine.LogSink;
import io.gputraining.engine.launch.PreparedLaunch;
import io.gputraining.engine.runtime.Deadline;
import io.gputraining.engine.runtime.RunResult;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The training command run to its end in this JVM ({@link TrainingSpec}), with live logs and the timeout. A
 * non-zero exit, an OOM kill or the timeout end the flow before anything is collected ({@link TrainingOutcome}).
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
        log.message("Training: " + String.join(" ", request.command()) + " (output in " + outputDir + ")");
        RunResult result;
        try (Deadline deadline = new Deadline(request.timeout())) {
            try {
                result = launch.run(TrainingSpec.of(launch, request, outputDir).build(), log);
            } catch (InterruptedException e) {
                if (!deadline.fired()) {
                    throw e;
                }
                Thread.interrupted();
                throw TrainingOutcome.timedOut(request.timeout());
            }
        }
        TrainingOutcome.check(result.exitCode(), result.oomKilled(), request.memoryLimit());
        return new Outcome(result.exitCode(), result.duration());
    }
}
