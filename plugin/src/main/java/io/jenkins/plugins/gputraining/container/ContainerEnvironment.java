package io.jenkins.plugins.gputraining.container;

import hudson.EnvVars;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A launcher's command and environment as a command in the container gets them. A launcher is handed the
 * whole build environment, most of which is the agent's own (its PATH, HOME, HOSTNAME) and wrong inside the
 * image; only what the build set or changed is passed on, like docker-workflow's {@code inside} does. The
 * arguments are expanded as a local launcher expands them: callers such as the durable {@code sh} step write
 * {@code $$} for a literal {@code $} and rely on it.
 */
final class ContainerEnvironment {

    /**
     * Never passed: the image's PATH and HOME are right inside it; the host's HOSTNAME is not the container's;
     * {@code CUDA_VISIBLE_DEVICES} in host numbering would hide the leased GPUs, which Docker renumbers from 0.
     */
    static final Set<String> HOST_ONLY = Set.of("PATH", "HOME", "HOSTNAME", "CUDA_VISIBLE_DEVICES");

    private final EnvVars effective;
    private final Map<String, String> agentEnv;

    private ContainerEnvironment(EnvVars effective, Map<String, String> agentEnv) {
        this.effective = effective;
        this.agentEnv = agentEnv;
    }

    /**
     * @param launcherEnv the launcher's {@code NAME=value} entries (may be null), read as a local launcher reads
     *                    them: over the agent's environment, expanding references and {@code $$}, with
     *                    {@code PATH+NAME} prepending to {@code PATH}
     * @param agentEnv    the agent JVM's own environment
     */
    static ContainerEnvironment of(String[] launcherEnv, Map<String, String> agentEnv) {
        Map<String, String> requested = new LinkedHashMap<>();
        if (launcherEnv != null) {
            for (String entry : launcherEnv) {
                int eq = entry.indexOf('=');
                if (eq > 0) {
                    requested.put(entry.substring(0, eq), entry.substring(eq + 1));
                }
            }
        }
        EnvVars effective = new EnvVars(agentEnv);
        effective.overrideExpandingAll(requested);
        return new ContainerEnvironment(effective, agentEnv);
    }

    /** The entries the build set or changed, without {@link #HOST_ONLY}. */
    Map<String, String> overrides() {
        Map<String, String> env = new TreeMap<>();
        effective.forEach((name, value) -> {
            if (!HOST_ONLY.contains(name) && !value.equals(agentEnv.get(name))) {
                env.put(name, value);
            }
        });
        return env;
    }

    /** The command with {@code ${NAME}} references and {@code $$} expanded, as {@code Launcher.LocalLauncher} does. */
    List<String> expand(List<String> command) {
        return command.stream().map(effective::expand).toList();
    }
}
