package io.gputraining.examples.steps;

import io.gputraining.examples.pipeline.StepTable;

/** Our three steps, bound to the engine: what installing the plugin adds to a Jenkins' step table. */
public final class GpuTrainingSteps {

    private GpuTrainingSteps() {
    }

    public static StepTable addTo(StepTable table, GpuTrainingSettings settings) {
        return table.put("gpuHealthCheck", new GpuHealthCheckBinding(settings))
                .put("withPytorchCuda", new WithPytorchCudaBinding(settings))
                .put("trainAndRegister", new TrainAndRegisterBinding(settings));
    }
}
