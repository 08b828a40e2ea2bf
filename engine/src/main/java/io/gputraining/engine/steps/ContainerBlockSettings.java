package io.gputraining.engine.steps;

import io.gputraining.engine.gpu.GpuAllocator;
import io.gputraining.engine.launch.ContainerBlockRequest;
import io.gputraining.engine.launch.LaunchRequest;
import io.gputraining.engine.preflight.PreflightPolicy;
import io.gputraining.engine.runtime.GpuRequest;
import io.gputraining.engine.runtime.ReadOnlyMount;
import io.gputraining.engine.runtime.RuntimeKind;
import io.gputraining.engine.runtime.ShmSize;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;

/**
 * The parameters of {@code withPytorchCuda}, its freestyle wrapper and the Declarative agent as a Pipeline or a form
 * gives them, with their defaults, and the one mapping from them to a {@link ContainerBlockRequest}.
 *
 * @param image          the image, ideally pinned; required
 * @param gpus           {@code all}, {@code none}, a count, or device ids separated by commas
 * @param preflight      whether to run the preflight on the leased GPUs before the container starts
 * @param network        {@code none} or {@code host}
 * @param gpuWaitMinutes how long to wait for GPUs another run holds
 * @param requirePinned  refuse an image without digest (the site can force this for every build)
 * @param pull           when to pull the image ({@code missing}, {@code always}, {@code never}, {@code newer}); null for the
 *                       site's default
 * @param runtime        {@code docker} or {@code podman}; null for the site's default
 * @param shmSize        the size of {@code /dev/shm} as {@code --shm-size} takes it ({@code 8g}); null for the engine's 2g
 * @param mounts         host paths to mount read-only, each {@code /host/path} or {@code /host/path:/container/path}
 */
public record ContainerBlockSettings(String image, String gpus, boolean preflight, String network, int gpuWaitMinutes,
                                     boolean requirePinned, String pull, String runtime, String shmSize, List<String> mounts)
        implements Serializable {

    /** Every parameter at its default (no image: it has none). */
    public static final ContainerBlockSettings DEFAULTS = builder().build();

    public ContainerBlockSettings {
        image = StepText.orDefault(image, null);
        gpus = StepText.orDefault(gpus, GpuRequest.DEFAULT);
        network = StepText.orDefault(network, ContainerBlockRequest.DEFAULT_NETWORK);
        pull = StepText.orDefault(pull, null);
        runtime = StepText.orDefault(runtime, null);
        shmSize = StepText.orDefault(shmSize, null);
        mounts = mounts == null ? List.of() : mounts.stream().map(String::strip).filter(m -> !m.isEmpty()).toList();
    }

    /** Parameters at their defaults; set what the step was given. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The container runtime of the block: the step's, else the site's default; never the local runtime, which has no
     * container to run a block in.
     *
     * @throws InvalidStepSettingsException for the local runtime, or a name that is no runtime
     */
    public RuntimeKind runtimeKind(SiteSettings site) {
        RuntimeKind kind = site.runtime(runtime);
        if (!kind.containers()) {
            throw new InvalidStepSettingsException("withPytorchCuda runs its steps in a container, and runtime 'local'"
                    + (runtime == null ? " (the global default)" : "") + " has none: on an agent that already is the image run"
                    + " the steps without withPytorchCuda, or give runtime: 'docker' or 'podman'.");
        }
        return kind;
    }

    /**
     * The block these parameters ask for. The user is left unset: the agent sets its own {@code uid:gid}.
     *
     * @param site          the administrator's settings: pinning, lock directory
     * @param workspace     the workspace on the agent
     * @param tempDirectory the workspace's temporary sibling on the agent ({@code @tmp})
     * @param owner         who the container and the lease belong to (the build)
     * @throws InvalidStepSettingsException, or another engine exception naming the parameter, for what cannot be run
     */
    public ContainerBlockRequest toRequest(SiteSettings site, String workspace, String tempDirectory, String owner) {
        if (image == null) {
            throw new InvalidStepSettingsException("withPytorchCuda needs an image, e.g. withPytorchCuda(image:"
                    + " 'pytorch/pytorch@sha256:…').");
        }
        runtimeKind(site);
        LaunchRequest launch = LaunchRequest.builder()
                .image(site.imageRequest(image, requirePinned, pull))
                .gpus(GpuRequest.parse(gpus))
                .preflight(preflight ? PreflightPolicy.defaults() : null)
                .owner(owner)
                .gpuLockDirectory(site.gpuLockDirectory())
                .gpuWait(Duration.ofMinutes(Math.max(0, gpuWaitMinutes)))
                .build();
        return ContainerBlockRequest.builder().launch(launch).workspace(workspace).tempDirectory(tempDirectory).network(network)
                .shmSize(ShmSize.parse(shmSize)).mounts(mounts.stream().map(ReadOnlyMount::parse).toList())
                .build();
    }

    /** Builds {@link ContainerBlockSettings}. The field initialisers are the defaults, and the only place they live. */
    public static final class Builder {
        private String image;
        private String gpus = GpuRequest.DEFAULT;
        private boolean preflight = true;
        private String network = ContainerBlockRequest.DEFAULT_NETWORK;
        private int gpuWaitMinutes = (int) GpuAllocator.DEFAULT_WAIT.toMinutes();
        private boolean requirePinned;
        private String pull;
        private String runtime;
        private String shmSize;
        private List<String> mounts = List.of();

        private Builder() {
        }

        public Builder image(String value) { this.image = value; return this; }
        public Builder gpus(String value) { this.gpus = value; return this; }
        public Builder preflight(boolean value) { this.preflight = value; return this; }
        public Builder network(String value) { this.network = value; return this; }
        public Builder gpuWaitMinutes(int value) { this.gpuWaitMinutes = value; return this; }
        public Builder requirePinned(boolean value) { this.requirePinned = value; return this; }
        /** The pull policy's word; null (the default) for the site's. */
        public Builder pull(String value) { this.pull = value; return this; }
        /** The runtime's word; null (the default) for the site's. */
        public Builder runtime(String value) { this.runtime = value; return this; }
        /** The size of /dev/shm as --shm-size takes it; null (the default) for the engine's 2g. */
        public Builder shmSize(String value) { this.shmSize = value; return this; }
        public Builder mounts(List<String> value) { this.mounts = value; return this; }

        public ContainerBlockSettings build() {
            return new ContainerBlockSettings(image, gpus, preflight, network, gpuWaitMinutes, requirePinned, pull, runtime,
                    shmSize, mounts);
        }
    }
}
