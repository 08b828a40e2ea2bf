package io.jenkins.plugins.gputraining;

import hudson.model.Result;
import hudson.model.Run;
import java.io.IOException;
import org.jenkinsci.plugins.workflow.actions.WarningAction;
import org.jenkinsci.plugins.workflow.graph.FlowNode;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * How a step marks its build unstable, the way Jenkins itself does for each kind of job: a freestyle build
 * step sets the build's result; a Pipeline step also puts a {@link WarningAction} on its own node, as the
 * {@code unstable} step does, so that the stage it runs in is shown as unstable and not only the build.
 */
@FunctionalInterface
interface UnstableMark {

    /** Marks the build (and in a Pipeline the step) unstable, with {@code message} saying why. */
    void mark(String message) throws IOException, InterruptedException;

    /** For a freestyle build step (or a {@code SimpleBuildStep} in a Pipeline, which has no node of its own). */
    static UnstableMark ofBuild(Run<?, ?> run) {
        return message -> run.setResult(Result.UNSTABLE);
    }

    /** For a Pipeline step: its node and the build. */
    static UnstableMark ofStep(StepContext context) {
        return message -> {
            FlowNode node = context.get(FlowNode.class);
            if (node != null) {
                node.addOrReplaceAction(new WarningAction(Result.UNSTABLE).withMessage(message));
            }
            context.get(Run.class).setResult(Result.UNSTABLE);
        };
    }
}
