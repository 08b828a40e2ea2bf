package io.gputraining.engine.train;

import io.gputraining.engine.EngineException;
import java.nio.file.Path;

/** The training's workspace is not a directory on this agent: nothing was started, nothing created. */
public class WorkspaceNotFoundException extends EngineException {
    private static final long serialVersionUID = 1L;

    public WorkspaceNotFoundException(Path workspace) {
        super("The workspace " + workspace + " is not a directory on this agent; nothing was started or created."
                + " Give the directory that holds the training code (it is mounted into the container at the same path).");
    }
}
