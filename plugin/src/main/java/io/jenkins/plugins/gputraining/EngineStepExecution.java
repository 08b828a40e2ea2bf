package io.jenkins.plugins.gputraining;

import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;

/**
 * A step execution that drives the engine; its errors end the step as {@link EngineErrors} says.
 */
abstract class EngineStepExecution<T> extends SynchronousNonBlockingStepExecution<T> {

    private static final long serialVersionUID = 1L;

    EngineStepExecution(StepContext context) {
        super(context);
    }

    @Override
    protected final T run() throws Exception {
        return EngineErrors.abortOn(this::execute);
    }

    /** The step's work. */
    abstract T execute() throws java.io.IOException, InterruptedException;
}
