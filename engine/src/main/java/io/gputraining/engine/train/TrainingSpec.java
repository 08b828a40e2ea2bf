package io.gputraining.engine.train;

import io.gputraining.engine.launch.PreparedLaunch;
import io.gputraining.engine.runtime.ContainerSpec;
import io.gputraining.engine.runtime.Mount;
import java.nio.file.Path;

/**
 * The training command's container: the workspace mounted at its own path as working directory, the run's output
 * directory announced as {@code $GPU_TRAINING_OUTPUT_DIR}, the leased GPUs, the memory limit. One definition for the
 * training that runs to its end in this JVM and for the detached one.
 */
final class TrainingSpec {

    private TrainingSpec() {
    }

    static ContainerSpec.Builder of(PreparedLaunch launch, TrainingRequest request, Path outputDir) {
        return launch.containerSpec()
                .command(request.command())
                .env(request.env())
                .env(TrainingRequest.OUTPUT_DIR_VARIABLE, outputDir.toString())
                .mount(Mount.samePath(request.workspace()))
                .workingDir(request.workspace())
                .memoryBytes(request.memoryLimit().bytes());
    }
}
