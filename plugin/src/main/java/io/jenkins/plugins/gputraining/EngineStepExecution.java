package io.jenkins.plugins.gputraining;

import hudson.AbortException;
import io.gputraining.engine.EngineException;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;

/**
 * A step execution that drives the engine: the engine's errors end the step with their own message (what
 * happened and what to do), which a stack trace would bury.
 */
abstract class EngineStepExecution<T> extends SynchronousNonBlockingStepExecution<T> {

    private static final long serialVersionUID = 1L;

    EngineStepExecution(StepContext context) {
        super(context);
    }

    @Override
    protected final T run() throws Exception {
        try {
            return execute();
        } catch (EngineException | IllegalArgumentException e) {
            throw new AbortException(e.getMessage());
        }
    }

    /** The step's work. */
    abstract T execute() throws Exception;
}
