package io.gputraining.examples;

import io.gputraining.engine.image.RegistryAuth;
import io.gputraining.engine.registry.ModelRegistryConfig;
import io.gputraining.engine.testing.TestEnvironment;
import io.gputraining.examples.pipeline.Agent;
import io.gputraining.examples.pipeline.PipelineHarness;
import io.gputraining.examples.steps.GpuTrainingSettings;
import io.gputraining.examples.steps.GpuTrainingSteps;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The Jenkins the examples run on in these tests: one agent labelled {@code gpu} (this machine, whose Docker
 * daemon is the test environment's), and a GPU training configuration whose {@code mlflow-prod} is the test
 * environment's MLflow server and whose {@code scratch} is a local registry in {@code scratchRegistry}.
 */
final class Examples {

    private Examples() {
    }

    static PipelineHarness jenkins(Path root, Path scratchRegistry) {
        Map<String, String> agentEnvironment = new HashMap<>(System.getenv());
        agentEnvironment.put("DOCKER_HOST", TestEnvironment.dockerHost());
        Map<String, ModelRegistryConfig> registries = new LinkedHashMap<>();
        registries.put("mlflow-prod", new ModelRegistryConfig(ModelRegistryConfig.Kind.MLFLOW, TestEnvironment.mlflowUrl(),
                RegistryAuth.usernamePassword(TestEnvironment.mlflowUser(), TestEnvironment.mlflowPassword())));
        registries.put("scratch", new ModelRegistryConfig(ModelRegistryConfig.Kind.LOCAL, scratchRegistry.toString(), null));
        PipelineHarness harness = new PipelineHarness(new Agent("gpu-agent-1", Set.of("gpu"), root.resolve("agent")),
                agentEnvironment, root.resolve("builds"));
        GpuTrainingSteps.addTo(harness.steps(), new GpuTrainingSettings(registries, "scratch", null, false, "/tmp/gpu-training-locks"));
        return harness;
    }

    /** The digest part of the test image's pinned reference. */
    static String torchImageDigest() {
        String image = TestEnvironment.torchImage();
        return image.substring(image.indexOf('@') + 1);
    }
}
