package io.gputraining.engine.runtime;

import java.io.Serializable;

/**
 * A host directory bind-mounted into a container. The workspace is mounted at the same path inside, so
 * paths printed by the training script are valid on the agent too.
 */
public record Mount(String hostPath, String containerPath, boolean readOnly) implements Serializable {

    public static Mount samePath(String path) {
        return new Mount(path, path, false);
    }
}
