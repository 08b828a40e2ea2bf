package io.jenkins.plugins.gputraining.container;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The environment a command in the container gets. A launcher is handed the whole build environment, most
 * of which is the agent's own (its PATH, HOME, HOSTNAME) and wrong inside the image; only what the build
 * set or changed is passed on, like docker-workflow's {@code inside} does.
 */
final class ContainerEnvironment {

    /**
     * Never passed: the image's PATH and HOME are right inside it; the host's HOSTNAME is not the container's;
     * {@code CUDA_VISIBLE_DEVICES} in host numbering would hide the leased GPUs, which Docker renumbers from 0.
     */
    static final Set<String> HOST_ONLY = Set.of("PATH", "HOME", "HOSTNAME", "CUDA_VISIBLE_DEVICES");

    private ContainerEnvironment() {
    }

    /**
     * @param launcherEnv the launcher's {@code NAME=value} entries (may be null)
     * @param agentEnv    the agent JVM's own environment
     * @return the entries the build set or changed, without {@link #HOST_ONLY}
     */
    static Map<String, String> overrides(String[] launcherEnv, Map<String, String> agentEnv) {
        Map<String, String> env = new TreeMap<>();
        if (launcherEnv == null) {
            return env;
        }
        for (String entry : launcherEnv) {
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String name = entry.substring(0, eq);
            String value = entry.substring(eq + 1);
            if (!HOST_ONLY.contains(name) && !value.equals(agentEnv.get(name))) {
                env.put(name, value);
            }
        }
        return env;
    }
}
