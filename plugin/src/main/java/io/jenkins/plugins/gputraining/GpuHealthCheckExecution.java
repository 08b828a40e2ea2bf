package io.jenkins.plugins.gputraining;

import hudson.EnvVars;
import hudson.Launcher;
import hudson.model.Run;
import hudson.model.TaskListener;
import java.io.IOException;
import java.util.Map;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * Runs a {@link GpuHealthCheckStep} on the step's agent through {@link BuildHealthCheck} and returns the report
 * as plain maps and lists for the script.
 */
final class GpuHealthCheckExecution extends EngineStepExecution<Map<String, Object>> {

    private static final long serialVersionUID = 1L;

    private final transient GpuHealthCheckStep step;

    GpuHealthCheckExecution(GpuHealthCheckStep step, StepContext context) {
        super(context);
        this.step = step;
    }

    @Override
    Map<String, Object> execute() throws IOException, InterruptedException {
        StepContext context = getContext();
        return BuildHealthCheck.run(step, context.get(Run.class), context.get(EnvVars.class), context.get(Launcher.class),
                context.get(TaskListener.class), UnstableMark.ofStep(context)).toMap();
    }
}
