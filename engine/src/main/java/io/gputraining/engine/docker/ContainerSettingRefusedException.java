package io.gputraining.engine.docker;

import io.gputraining.engine.EngineException;

/** The daemon cannot honour a setting of the container (it would silently drop it); thrown before anything is created. */
public class ContainerSettingRefusedException extends EngineException {
    private static final long serialVersionUID = 1L;

    public ContainerSettingRefusedException(String message) {
        super(message);
    }
}
