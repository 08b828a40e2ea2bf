package io.gputraining.engine.train;

import io.gputraining.engine.gpu.GpuAllocator;
import io.gputraining.engine.image.ImageRequest;
import io.gputraining.engine.launch.LaunchRequest;
import io.gputraining.engine.preflight.PreflightPolicy;
import io.gputraining.engine.runtime.GpuRequest;
import io.gputraining.engine.runtime.MemoryLimit;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * What {@code trainAndRegister} is asked to do. Build one with {@link #builder()}, which holds every default; change
 * one setting of an existing request with {@link #toBuilder()}, so that no caller copies the components by hand (a
 * hand copy on the way to the agent once dropped the memory limit).
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
 * @param memoryLimit      the training container's memory limit ({@link MemoryLimit#NONE} for none); past it the
 *                         out-of-memory killer ends the training and the error names the limit
 */
public record TrainingRequest(ImageRequest image, List<String> command, String workspace, String outputDir,
                              Map<String, String> env, GpuRequest gpus, PreflightPolicy preflight,
                              List<String> artifacts, String modelName, String alias, Lineage lineage, String owner,
                              String user, String gpuLockDirectory, Duration gpuWait, Duration timeout,
                              MemoryLimit memoryLimit)
        implements Serializable {

    public static final String OUTPUT_DIR_VARIABLE = "GPU_TRAINING_OUTPUT_DIR";
    public static final String METRICS_FILE = "metrics.json";
    /** Where the training writes what to keep, relative to the workspace, unless told otherwise. */
    public static final String DEFAULT_OUTPUT_DIR = ".gpu-training/runs";
    /** Every file the training wrote to its output directory, unless told otherwise. */
    public static final String DEFAULT_ARTIFACTS = "**";

    /** Use {@link #builder()}; this constructor only checks and normalises what the builder gives it. */
    public TrainingRequest {
        command = List.copyOf(command);
        env = Map.copyOf(env);
        artifacts = List.copyOf(artifacts);
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(gpus, "gpus");
        Objects.requireNonNull(modelName, "modelName");
        Objects.requireNonNull(lineage, "lineage");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(gpuLockDirectory, "gpuLockDirectory");
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

    /** A request with every default; the caller sets at least the command, workspace, model name and owner. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding every component of this request, for "the same request with X changed". */
    public Builder toBuilder() {
        return new Builder().image(image).command(command).workspace(workspace).outputDir(outputDir).env(env).gpus(gpus)
                .preflight(preflight).artifacts(artifacts).modelName(modelName).alias(alias).lineage(lineage).owner(owner)
                .user(user).gpuLockDirectory(gpuLockDirectory).gpuWait(gpuWait).timeout(timeout).memoryLimit(memoryLimit);
    }

    /** What the training container is started in: image, GPUs, preflight, owner, user and lease settings. */
    public LaunchRequest launchRequest() {
        return LaunchRequest.builder().image(image).gpus(gpus).preflight(preflight).owner(owner).user(user)
                .gpuLockDirectory(gpuLockDirectory).gpuWait(gpuWait).build();
    }

    /** The request with its environment values hidden (they may be secret), for logs and error messages. */
    @Override
    public String toString() {
        return "TrainingRequest[image=" + image + ", command=" + command + ", workspace=" + workspace + ", outputDir=" + outputDir
                + ", env=" + new TreeSet<>(env.keySet()) + ", gpus=" + gpus + ", artifacts=" + artifacts + ", model="
                + modelName + ", alias=" + alias + ", owner=" + owner + ", timeout=" + timeout + ", memoryLimit=" + memoryLimit + "]";
    }

    /** Builds a {@link TrainingRequest}. The field initialisers are the defaults, and the only place they live. */
    public static final class Builder {
        private ImageRequest image;
        private List<String> command = List.of();
        private String workspace;
        private String outputDir = DEFAULT_OUTPUT_DIR;
        private Map<String, String> env = Map.of();
        private GpuRequest gpus = GpuRequest.defaultRequest();
        private PreflightPolicy preflight = PreflightPolicy.defaults();
        private List<String> artifacts = List.of(DEFAULT_ARTIFACTS);
        private String modelName;
        private String alias;
        private Lineage lineage = Lineage.unknown();
        private String owner;
        private String user;
        private String gpuLockDirectory = GpuAllocator.DEFAULT_LOCK_DIRECTORY;
        private Duration gpuWait = GpuAllocator.DEFAULT_WAIT;
        private Duration timeout = Duration.ZERO;
        private MemoryLimit memoryLimit = MemoryLimit.NONE;

        private Builder() {
        }

        /** The pinned image; null (the default) on the local runtime. */
        public Builder image(ImageRequest value) { this.image = value; return this; }
        public Builder command(List<String> value) { this.command = List.copyOf(value); return this; }
        public Builder workspace(String value) { this.workspace = value; return this; }
        public Builder outputDir(String value) { this.outputDir = value; return this; }
        public Builder env(Map<String, String> value) { this.env = Map.copyOf(value); return this; }
        public Builder gpus(GpuRequest value) { this.gpus = value; return this; }
        /** The preflight policy; null skips the preflight. */
        public Builder preflight(PreflightPolicy value) { this.preflight = value; return this; }
        public Builder artifacts(List<String> value) { this.artifacts = List.copyOf(value); return this; }
        public Builder modelName(String value) { this.modelName = value; return this; }
        public Builder alias(String value) { this.alias = value; return this; }
        public Builder lineage(Lineage value) { this.lineage = value; return this; }
        public Builder owner(String value) { this.owner = value; return this; }
        /** {@code uid:gid} in the container; null (the default) for the image's user. */
        public Builder user(String value) { this.user = value; return this; }
        public Builder gpuLockDirectory(String value) { this.gpuLockDirectory = value; return this; }
        public Builder gpuWait(Duration value) { this.gpuWait = value; return this; }
        public Builder timeout(Duration value) { this.timeout = value; return this; }
        public Builder memoryLimit(MemoryLimit value) { this.memoryLimit = value; return this; }

        /** @throws IllegalArgumentException or {@link NullPointerException} naming what is missing or wrong */
        public TrainingRequest build() {
            return new TrainingRequest(image, command, workspace, outputDir, env, gpus, preflight, artifacts, modelName, alias,
                    lineage, owner, user, gpuLockDirectory, gpuWait, timeout, memoryLimit);
        }
    }
}
