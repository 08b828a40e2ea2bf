package io.jenkins.plugins.gputraining.container;

import hudson.EnvVars;
import hudson.FilePath;
import hudson.slaves.WorkspaceList;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.gputraining.GpuTrainingConfiguration;
import io.gputraining.engine.docker.DockerEndpoint;
import io.gputraining.engine.gpu.GpuAllocator;
import io.gputraining.engine.image.ImageRef;
import io.gputraining.engine.image.ImageRequest;
import io.gputraining.engine.launch.ContainerBlockRequest;
import io.gputraining.engine.launch.LaunchRequest;
import io.gputraining.engine.preflight.PreflightPolicy;
import io.gputraining.engine.runtime.GpuRequest;
import java.io.IOException;
import java.io.Serializable;
import java.time.Duration;

/**
 * The parameters the Pipeline step and the freestyle wrapper share, with their defaults in
 * {@link ContainerOptions}. Both describables hold one and expose its fields to data binding.
 */
final class ContainerBlockSettings implements Serializable {

    private static final long serialVersionUID = 1L;

    String image;
    String gpus = ContainerOptions.DEFAULT_GPUS;
    boolean preflight = ContainerOptions.DEFAULT_PREFLIGHT;
    String network = ContainerBlockRequest.DEFAULT_NETWORK;
    String lockDirectory = GpuAllocator.DEFAULT_LOCK_DIRECTORY;
    int gpuWaitMinutes = ContainerOptions.DEFAULT_GPU_WAIT_MINUTES;
    boolean requirePinned;

    ContainerBlockSettings(String image) {
        this.image = image == null ? "" : image.strip();
    }

    static ListBoxModel networkItems() {
        ListBoxModel items = new ListBoxModel();
        items.add("none: no network", "none");
        items.add("host: the agent's network", "host");
        return items;
    }

    /** Blank values mean the default, as a form leaves them. */
    static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value.strip();
    }

    /**
     * The options for a block in {@code workspace}; creates the workspace and its {@code @tmp} sibling first,
     * since Docker would create missing mount sources owned by root. The daemon and the registry logins come
     * from the build's environment, as for the docker CLI in an {@code sh} step.
     */
    ContainerOptions toOptions(FilePath workspace, String owner, String sessionId, EnvVars env)
            throws IOException, InterruptedException {
        FilePath temp = WorkspaceList.tempDir(workspace);
        workspace.mkdirs();
        temp.mkdirs();
        // The global policy forces pinning for every build, as it does for the other steps.
        boolean pinned = requirePinned || GpuTrainingConfiguration.get().isRequirePinned();
        LaunchRequest launch = LaunchRequest.builder()
                .image(new ImageRequest(ImageRef.parse(image), pinned, null))
                .gpus(GpuRequest.parse(gpus))
                .preflight(preflight ? PreflightPolicy.defaults() : null)
                .owner(owner)
                .gpuLockDirectory(lockDirectory)
                .gpuWait(Duration.ofMinutes(gpuWaitMinutes))
                .build();
        ContainerBlockRequest block = ContainerBlockRequest.builder().launch(launch).workspace(workspace.getRemote())
                .tempDirectory(temp.getRemote()).network(network).build();
        return new ContainerOptions(block, sessionId, DockerEndpoint.fromEnvironment(env), env.get("DOCKER_CONFIG"));
    }
}
