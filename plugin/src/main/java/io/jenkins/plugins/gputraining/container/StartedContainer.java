package io.jenkins.plugins.gputraining.container;

import java.io.Serializable;
import java.util.List;

/**
 * What the controller keeps of a container started on an agent: its session id (a label of the container, by which
 * the block's commands find it), and what the body's environment says about it.
 *
 * @param sessionId   the block's session id, a label of the container
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
