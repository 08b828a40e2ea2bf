package io.gputraining.engine.train;

import io.gputraining.engine.image.ImageRequest;
import io.gputraining.engine.preflight.PreflightPolicy;
import io.gputraining.engine.runtime.GpuRequest;
import io.gputraining.engine.runtime.MemoryLimit;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What {@code trainAndRegister} is asked to do.
 *
 * @param image            the pinned image to train in; null on the local runtime (the agent is the image)
 * @param command          the training command, run in the workspace
 * @param workspace        absolute path of the workspace, mounted at the same path
 * @param outputDir        where the script writes what to keep, relative to the workspace; given to it as
 *                         {@code $GPU_TRAINING_OUTPUT_DIR}
 * @param env              extra environment for the command (values may be secret: only names are recorded)
 * @param gpus             GPUs to lease and give the container
 * @param preflight        the preflight policy, or null to skip the preflight
 * @param artifacts        glob patterns, relative to the output directory, of the files of the model version
 * @param modelName        the registered model's name
 * @param alias            alias to point at the new version, or null
 * @param lineage          build and git facts
 * @param owner            who the container and the lease belong to (build URL, {@code cli})
 * @param user             {@code uid:gid} to run as, or null for the image's user
 * @param gpuLockDirectory where GPU leases are kept (shared by every executor and CLI on the host)
 * @param gpuWait          how long to wait for busy GPUs
 * @param timeout          how long the training may run, {@link Duration#ZERO} for no limit
 * @param memoryLimit      the training container's memory limit ({@link MemoryLimit#NONE}, or null, for none); past
 *                         it the out-of-memory killer ends the training and the error names the limit
 */
public record TrainingRequest(ImageRequest image, List<String> command, String workspace, String outputDir,
                              Map<String, String> env, GpuRequest gpus, PreflightPolicy preflight,
                              List<String> artifacts, String modelName, String alias, Lineage lineage, String owner,
                              String user, String gpuLockDirectory, Duration gpuWait, Duration timeout,
                              MemoryLimit memoryLimit)
        implements Serializable {

    public static final String OUTPUT_DIR_VARIABLE = "GPU_TRAINING_OUTPUT_DIR";
    public static final String METRICS_FILE = "metrics.json";

    public TrainingRequest {
        command = List.copyOf(command);
        env = Map.copyOf(env);
        artifacts = List.copyOf(artifacts);
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(gpus, "gpus");
        Objects.requireNonNull(modelName, "modelName");
        Objects.requireNonNull(lineage, "lineage");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(gpuWait, "gpuWait");
        Objects.requireNonNull(timeout, "timeout");
        memoryLimit = memoryLimit == null ? MemoryLimit.NONE : memoryLimit;
        if (command.isEmpty()) {
            throw new IllegalArgumentException("The training command is empty: give the command that trains, e.g. python train.py.");
        }
        if (artifacts.isEmpty()) {
            throw new IllegalArgumentException("No artifact patterns: say which files of the output directory make the model, e.g. **/*.pt.");
        }
        if (outputDir == null || outputDir.isBlank() || outputDir.startsWith("/") || outputDir.contains("..")) {
            throw new IllegalArgumentException("The output directory must be a path inside the workspace, was '" + outputDir + "'.");
        }
        if (gpuWait.isNegative() || timeout.isNegative()) {
            throw new IllegalArgumentException("Durations must not be negative.");
        }
    }

    /** The request with its environment values hidden (they may be secret), for logs and error messages. */
    @Override
    public String toString() {
        return "TrainingRequest[image=" + image + ", command=" + command + ", workspace=" + workspace + ", outputDir=" + outputDir
                + ", env=" + new java.util.TreeSet<>(env.keySet()) + ", gpus=" + gpus + ", artifacts=" + artifacts + ", model="
                + modelName + ", alias=" + alias + ", owner=" + owner + ", timeout=" + timeout + ", memoryLimit=" + memoryLimit + "]";
    }

    /** A request without memory limit. */
    public TrainingRequest(ImageRequest image, List<String> command, String workspace, String outputDir,
                           Map<String, String> env, GpuRequest gpus, PreflightPolicy preflight,
                           List<String> artifacts, String modelName, String alias, Lineage lineage, String owner,
                           String user, String gpuLockDirectory, Duration gpuWait, Duration timeout) {
        this(image, command, workspace, outputDir, env, gpus, preflight, artifacts, modelName, alias, lineage, owner, user,
                gpuLockDirectory, gpuWait, timeout, MemoryLimit.NONE);
    }

    /** The same request with another memory limit for the training container. */
    public TrainingRequest withMemoryLimit(MemoryLimit limit) {
        return new TrainingRequest(image, command, workspace, outputDir, env, gpus, preflight, artifacts, modelName, alias,
                lineage, owner, user, gpuLockDirectory, gpuWait, timeout, limit);
    }
}
