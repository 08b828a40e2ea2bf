package io.gputraining.engine.registry.oci;

import io.gputraining.engine.EngineException;

/** Concurrent registrations of the same model kept taking the version numbers this one tried to claim. */
class VersionConflictException extends EngineException {
    private static final long serialVersionUID = 1L;

    VersionConflictException(String repository, int attempts) {
        super("no free version number in " + repository + " after " + attempts + " attempts: concurrent registrations of "
                + "this model took each one first. Register again; the uploaded files are reused.");
    }
}
