package io.gputraining.engine.image;

import io.gputraining.engine.EngineException;
import java.nio.file.Path;

/**
 * Docker's {@code config.json} could not be used for registry logins: unreadable, not Docker's JSON, or an
 * entry that does not decode. The message names the file and the entry, never a secret.
 */
public class DockerConfigException extends EngineException {
    private static final long serialVersionUID = 1L;

    /**
     * @param file what was read
     * @param what what is wrong with it, completing "Docker's config file FILE ..."
     * @param toDo what the user can do about it
     */
    public DockerConfigException(Path file, String what, String toDo) {
        super("Docker's config file " + file + " " + what + ". " + toDo);
    }
}
