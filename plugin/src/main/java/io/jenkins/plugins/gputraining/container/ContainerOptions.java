package io.jenkins.plugins.gputraining.container;

import io.gputraining.engine.docker.DockerEndpoint;
import java.io.Serializable;
import java.util.Objects;

/**
 * What the controller asks the agent to start: the block's parameters plus where and for whom.
 *
 * @param image         the image reference as the user wrote it
 * @param gpus          {@code none}, {@code all}, a count or a comma-separated list of indexes or UUIDs
 * @param preflight     whether to run the GPU preflight on the leased GPUs before the container starts
 * @param requirePinned whether an image without a digest is refused (the step's flag or the global policy)
 * @param network       {@code none} or {@code host}
 * @param lockDirectory the agent directory holding the GPU lock files
 * @param gpuWaitSeconds how long to wait for busy GPUs
 * @param workspace     the agent workspace, mounted at its own path and used as working directory
 * @param tempDirectory the workspace's {@code @tmp} sibling, mounted at its own path: the {@code sh} step keeps
 *                      its wrapper script and output files there, and the freestyle shell its script
 * @param owner         the build URL, recorded in the container's labels and the GPU locks
 * @param sessionId     the key the agent keeps the container under; made by the controller before the start, so
 *                      that it can close a container whose start it did not see end (a restart meanwhile)
 * @param docker        the daemon, from the build's DOCKER_HOST / DOCKER_TLS_VERIFY / DOCKER_CERT_PATH
 *                      ({@code withDockerServer} sets them)
 * @param dockerConfig  the build's DOCKER_CONFIG, where {@code withDockerRegistry} leaves its login; null for
 *                      the agent user's {@code ~/.docker}
 */
public record ContainerOptions(String image, String gpus, boolean preflight, boolean requirePinned, String network,
                               String lockDirectory, long gpuWaitSeconds, String workspace, String tempDirectory, String owner,
                               String sessionId, DockerEndpoint docker, String dockerConfig) implements Serializable {

    private static final long serialVersionUID = 1L;

    /** One GPU: on a shared agent a block should not take every GPU unless it says so. */
    public static final String DEFAULT_GPUS = "1";
    public static final boolean DEFAULT_PREFLIGHT = true;
    /** No network: training reads its data from the workspace; {@code host} when it must reach a service. */
    public static final String DEFAULT_NETWORK = "none";
    /** Shared by every build and tool on the agent that leases GPUs. */
    public static final String DEFAULT_LOCK_DIRECTORY = "/tmp/gpu-training-locks";
    /** Try once: a busy GPU fails the build at once unless the user asks to wait. */
    public static final int DEFAULT_GPU_WAIT_MINUTES = 0;

    public ContainerOptions {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(tempDirectory, "tempDirectory");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(docker, "docker");
    }
}
