package io.gputraining.engine.launch;

import java.io.Serializable;
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
 */
public record ContainerBlockRequest(LaunchRequest launch, String workspace, String tempDirectory, String network)
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
    }

    /** A request with every default; the caller sets at least the launch, the workspace and the temp directory. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding every component of this request. */
    public Builder toBuilder() {
        return new Builder().launch(launch).workspace(workspace).tempDirectory(tempDirectory).network(network);
    }

    /** Builds a {@link ContainerBlockRequest}. The field initialisers are the defaults, and the only place they live. */
    public static final class Builder {
        private LaunchRequest launch;
        private String workspace;
        private String tempDirectory;
        private String network = DEFAULT_NETWORK;

        private Builder() {
        }

        public Builder launch(LaunchRequest value) { this.launch = value; return this; }
        public Builder workspace(String value) { this.workspace = value; return this; }
        public Builder tempDirectory(String value) { this.tempDirectory = value; return this; }
        public Builder network(String value) { this.network = value; return this; }

        public ContainerBlockRequest build() {
            return new ContainerBlockRequest(launch, workspace, tempDirectory, network);
        }
    }
}
