package io.gputraining.engine.train;

import io.gputraining.engine.runtime.ContainerSpec;
import io.gputraining.engine.runtime.Labels;
import io.gputraining.engine.runtime.MemoryLimit;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What a detached training container carries about its run, so that whoever finds it again (after a restart, from
 * another JVM) can finish the run without anything else: the run id, the run manifest as it started (image, GPUs,
 * preflight, command, lineage), the artifact patterns, the timeout and the memory limit. Labels are fixed at the
 * container's creation and cannot be changed from inside it; no secret is among them (the manifest keeps only the
 * environment's names).
 *
 * @param started   the run manifest as the run started
 * @param artifacts the artifact patterns
 * @param timeout   how long the training may run, zero for no limit
 * @param memory    the container's memory limit
 */
record TrainingLabels(RunManifest started, List<String> artifacts, Duration timeout, MemoryLimit memory) {

    static final String MANIFEST = "io.gputraining.training.manifest";
    static final String ARTIFACTS = "io.gputraining.training.artifacts";
    static final String TIMEOUT_SECONDS = "io.gputraining.training.timeout-seconds";
    static final String MEMORY_BYTES = "io.gputraining.training.memory-bytes";

    /** {@code spec} with the labels of the run {@code started} of {@code request}. */
    static ContainerSpec.Builder label(ContainerSpec.Builder spec, RunManifest started, TrainingRequest request) {
        return spec.label(Labels.RUN, started.runId())
                .label(MANIFEST, new String(new RunManifestJson().write(started), StandardCharsets.UTF_8))
                .label(ARTIFACTS, String.join("\n", request.artifacts()))
                .label(TIMEOUT_SECONDS, Long.toString(request.timeout().toSeconds()))
                .label(MEMORY_BYTES, Long.toString(request.memoryLimit().bytes()));
    }

    /**
     * Reads the labels of a training container.
     *
     * @throws NotATrainingContainerException when they are not a training's
     */
    static TrainingLabels read(String containerId, Map<String, String> labels) {
        String manifest = labels.get(MANIFEST);
        String artifacts = labels.get(ARTIFACTS);
        if (manifest == null || artifacts == null) {
            throw new NotATrainingContainerException("Container " + containerId + " is not a training container of gpu-training"
                    + " (it has no run manifest label).");
        }
        return new TrainingLabels(new RunManifestJson().read(manifest.getBytes(StandardCharsets.UTF_8)), List.of(artifacts.split("\n")),
                Duration.ofSeconds(number(labels.get(TIMEOUT_SECONDS))), new MemoryLimit(number(labels.get(MEMORY_BYTES))));
    }

    private static long number(String text) {
        try {
            return text == null ? 0 : Long.parseLong(text);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
