package io.jenkins.plugins.gputraining;

import hudson.AbortException;
import io.gputraining.engine.EngineException;
import java.io.IOException;

/**
 * Runs engine work for a step or a builder: the engine's errors end the build with their own message (what
 * happened and what to do), which a stack trace would bury.
 */
final class EngineErrors {

    private EngineErrors() {
    }

    /** Work that drives the engine. */
    @FunctionalInterface
    interface Work<T> {
        T run() throws IOException, InterruptedException;
    }

    static <T> T abortOn(Work<T> work) throws IOException, InterruptedException {
        try {
            return work.run();
        } catch (EngineException | IllegalArgumentException e) {
            throw new AbortException(e.getMessage());
        }
    }
}
