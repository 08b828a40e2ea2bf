package io.jenkins.plugins.gputraining;

import hudson.EnvVars;
import hudson.FilePath;
import hudson.model.Run;
import hudson.model.TaskListener;
import java.io.IOException;
import java.util.Map;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * Runs a {@link TrainAndRegisterStep} through {@link BuildTraining} and returns the version as a map of strings:
 * {@code registry}, {@code model}, {@code version}, {@code uri}, {@code digest}.
 */
final class TrainAndRegisterExecution extends EngineStepExecution<Map<String, Object>> {

    private static final long serialVersionUID = 1L;

    private final transient TrainAndRegisterStep step;

    TrainAndRegisterExecution(TrainAndRegisterStep step, StepContext context) {
        super(context);
        this.step = step;
    }

    @Override
    Map<String, Object> execute() throws IOException, InterruptedException {
        StepContext context = getContext();
        return BuildTraining.run(step, context.get(Run.class), context.get(FilePath.class), context.get(EnvVars.class),
                context.get(TaskListener.class)).toMap();
    }
}
