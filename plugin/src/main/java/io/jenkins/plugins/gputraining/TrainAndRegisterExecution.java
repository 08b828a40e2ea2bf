package io.jenkins.plugins.gputraining;

import hudson.EnvVars;
import hudson.FilePath;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.gputraining.engine.registry.RegisteredModel;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * Runs a {@link TrainAndRegisterStep} through {@link TrainingRun} and returns the version as a map of strings:
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
        return toMap(TrainingRun.run(step, context.get(Run.class), context.get(FilePath.class), context.get(EnvVars.class),
                context.get(TaskListener.class)));
    }

    private static Map<String, Object> toMap(RegisteredModel model) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("registry", model.registry());
        map.put("model", model.modelName());
        map.put("version", model.version());
        map.put("uri", model.uri());
        map.put("digest", model.digest());
        return map;
    }
}
