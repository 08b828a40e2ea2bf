package io.jenkins.plugins.gputraining.container;

import io.gputraining.engine.launch.PreparedLaunch;
import java.util.Map;
import java.util.TreeMap;
import org.jenkinsci.plugins.workflow.steps.EnvironmentExpander;

/**
 * The variables a {@code withPytorchCuda} body sees. {@code CUDA_VISIBLE_DEVICES} is deliberately absent:
 * Docker renumbers the leased GPUs from 0 inside the container, so the host's numbering would be wrong there.
 */
public final class ContainerVariables {

    /** The leased GPUs' UUIDs, comma-separated; empty for none. */
    public static final String GPUS = PreparedLaunch.GPUS_VARIABLE;
    /** The image reference with its digest, as the container runs it. */
    public static final String IMAGE = PreparedLaunch.IMAGE_VARIABLE;

    private ContainerVariables() {
    }

    /** The variables for a started container. */
    public static Map<String, String> of(StartedContainer container) {
        Map<String, String> env = new TreeMap<>();
        env.put(GPUS, String.join(",", container.gpuIds()));
        env.put(IMAGE, container.pinnedImage());
        return env;
    }

    /** The same, as the body's environment expander. */
    static EnvironmentExpander expander(StartedContainer container) {
        return EnvironmentExpander.constant(of(container));
    }
}
