package io.jenkins.plugins.gputraining.container;

import java.io.Serializable;
import java.util.List;

/**
 * What the controller keeps of a container started on an agent: the key of the agent's
 * {@link OpenContainers} entry, and what the body's environment says about it.
 *
 * @param sessionId   the key under which the agent holds the session and the GPU lease
 * @param containerId the Docker container id, for the log
 * @param pinnedImage the image reference with its digest
 * @param gpuIds      the leased GPUs' UUIDs; empty for none
 */
public record StartedContainer(String sessionId, String containerId, String pinnedImage, List<String> gpuIds)
        implements Serializable {

    private static final long serialVersionUID = 1L;

    public StartedContainer {
        gpuIds = List.copyOf(gpuIds);
    }
}
