package io.gputraining.engine.gpu;

import io.gputraining.engine.EngineException;
import java.io.IOException;
import java.nio.file.Path;

/** The GPU lock directory or one of its files cannot be used, so no GPU can be leased safely. */
public class GpuLockException extends EngineException {
    private static final long serialVersionUID = 1L;

    public GpuLockException(Path path, IOException cause) {
        super("Cannot use the GPU lock file or directory " + path + ": " + cause
                + ". Every user that runs training on this host must be able to create and write files there;"
                + " fix its permissions (for example chmod 0777 on the directory, 0666 on its files) or configure"
                + " another lock directory.", cause);
    }

    /** A problem that is not an I/O error, described by a complete message. */
    public GpuLockException(String message) {
        super(message);
    }
}
