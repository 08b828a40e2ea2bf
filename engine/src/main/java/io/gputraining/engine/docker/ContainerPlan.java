package io.gputraining.engine.docker;

import io.gputraining.engine.runtime.ContainerSpec;
import io.gputraining.engine.runtime.GpuAccess;
import java.util.List;
import java.util.Map;

/**
 * What the engine decided about one container before asking a daemon for it, the same for Docker and Podman:
 * its name, the command that really runs (wrapped to read a one-shot container's environment from a file), the
 * environment and labels in its config, and how it gets its GPUs.
 *
 * @param spec      what the caller asked for
 * @param name      the container's name, {@code gpu-training-<random>}
 * @param command   the command to run
 * @param env       the environment in the container's config (never a one-shot container's secrets)
 * @param labels    the caller's labels plus ours (managed, owner, owner process)
 * @param keepAlive whether this is a session container (stdin held open, an init process)
 * @param gpus      how the GPUs are given
 */
record ContainerPlan(ContainerSpec spec, String name, List<String> command, Map<String, String> env,
                     Map<String, String> labels, boolean keepAlive, GpuAccess gpus) {

    ContainerPlan {
        command = List.copyOf(command);
        env = Map.copyOf(env);
        labels = Map.copyOf(labels);
    }
}
