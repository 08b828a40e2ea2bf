package io.gputraining.engine.launch;

import io.gputraining.engine.EngineException;
import io.gputraining.engine.runtime.ReadOnlyMount;
import io.gputraining.engine.runtime.ShmSize;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A long-lived container a block of build steps runs in ({@code withPytorchCuda}, the freestyle wrapper). Build one
 * with {@link #builder()}, which holds every default.
 *
 * @param launch        the image, GPUs, preflight and owner
 * @param workspace     the workspace, mounted at its own path and used as working directory
 * @param tempDirectory a directory next to the workspace, mounted at its own path: Jenkins' {@code sh} step keeps its
 *                      wrapper script and output files there, and the freestyle shell its script
 * @param network       {@code none} or {@code host}; never Docker's default bridge
 * @param shmSize       the size of {@code /dev/shm}; {@link ShmSize#DEFAULT} for the engine's 2 GiB
 * @param mounts        host paths the block may read (data sets), never write; none unless asked
 */
public record ContainerBlockRequest(LaunchRequest launch, String workspace, String tempDirectory, String network,
                                    ShmSize shmSize, List<ReadOnlyMount> mounts)
        implements Serializable {

    /** No network: training reads its data from the workspace; {@code host} when it must reach a service. */
    public static final String DEFAULT_NETWORK = "none";

    /** Use {@link #builder()}; this constructor only checks what the builder gives it. */
    public ContainerBlockRequest {
        Objects.requireNonNull(launch, "launch");
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(tempDirectory, "tempDirectory");
        if (network == null || network.isBlank()) {
            network = DEFAULT_NETWORK;
        }
        shmSize = shmSize == null ? ShmSize.DEFAULT : shmSize;
        mounts = mounts == null ? List.of() : List.copyOf(mounts);
        for (ReadOnlyMount mount : mounts) {
            if (mount.containerPath().equals(workspace) || mount.containerPath().equals(tempDirectory)) {
                throw new EngineException("Mount " + mount + " would hide the " + (mount.containerPath().equals(workspace)
                        ? "workspace" : "workspace's @tmp directory") + ", which the block mounts at " + mount.containerPath()
                        + ": mount it at another path inside, e.g. '" + mount.hostPath() + ":/data'.");
            }
        }
    }

    /** A request with every default; the caller sets at least the launch, the workspace and the temp directory. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding every component of this request. */
    public Builder toBuilder() {
        return new Builder().launch(launch).workspace(workspace).tempDirectory(tempDirectory).network(network).shmSize(shmSize)
                .mounts(mounts);
    }

    /** Builds a {@link ContainerBlockRequest}. The field initialisers are the defaults, and the only place they live. */
    public static final class Builder {
        private LaunchRequest launch;
        private String workspace;
        private String tempDirectory;
        private String network = DEFAULT_NETWORK;
        private ShmSize shmSize = ShmSize.DEFAULT;
        private List<ReadOnlyMount> mounts = new ArrayList<>();

        private Builder() {
        }

        public Builder launch(LaunchRequest value) { this.launch = value; return this; }
        public Builder workspace(String value) { this.workspace = value; return this; }
        public Builder tempDirectory(String value) { this.tempDirectory = value; return this; }
        public Builder network(String value) { this.network = value; return this; }
        public Builder shmSize(ShmSize value) { this.shmSize = value; return this; }
        public Builder mounts(List<ReadOnlyMount> value) { this.mounts = new ArrayList<>(value); return this; }
        public Builder mount(ReadOnlyMount value) { this.mounts.add(value); return this; }

        public ContainerBlockRequest build() {
            return new ContainerBlockRequest(launch, workspace, tempDirectory, network, shmSize, mounts);
        }
    }
}
