package io.gputraining.examples.steps;

import io.gputraining.engine.steps.SiteSettings;
import io.gputraining.engine.registry.ModelRegistryConfig;
import io.gputraining.examples.pipeline.PipelineFailure;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What Manage Jenkins › System › GPU training holds for the plugin's steps: the named model registries (the
 * examples name {@code mlflow-prod} and {@code scratch}), the default one and the default image, the pinning
 * policy and the GPU lock directory.
 *
 * @param registries       by name, in the order configured
 * @param defaultRegistry  the name used when a step names none; null for the first
 * @param defaultImage     the image {@code trainAndRegister} uses when given none; may be null
 * @param requirePinned    refuse images without digest everywhere
 * @param gpuLockDirectory where GPU leases are kept on the agent
 */
public record GpuTrainingSettings(Map<String, ModelRegistryConfig> registries, String defaultRegistry, String defaultImage,
                                  boolean requirePinned, String gpuLockDirectory) {

    public GpuTrainingSettings {
        registries = new LinkedHashMap<>(registries);
    }

    /** What the steps' requests take from here: default image, pinning policy, lock directory. */
    SiteSettings site() {
        return new SiteSettings(defaultImage, requirePinned, null, gpuLockDirectory);
    }

    /** The registry a step names, or the default; fails as the plugin does for an unknown or missing one. */
    ModelRegistryConfig registry(String name) {
        if (registries.isEmpty()) {
            throw new PipelineFailure("No model registry is configured: add one in Manage Jenkins › System › GPU training.");
        }
        String wanted = name != null ? name : defaultRegistry != null ? defaultRegistry : registries.keySet().iterator().next();
        ModelRegistryConfig config = registries.get(wanted);
        if (config == null) {
            throw new PipelineFailure("Model registry '" + wanted + "' is not configured; configured are: "
                    + String.join(", ", registries.keySet()) + ".");
        }
        return config;
    }
}
