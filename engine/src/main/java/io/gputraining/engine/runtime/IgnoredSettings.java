package io.gputraining.engine.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the settings of a {@link ContainerSpec} that a plain host process cannot apply (mounts, shm size,
 * IPC mode, ulimits, memory limit, network), so the local runtime can say once what it did not do.
 * Settings left at the {@link ContainerSpec.Builder} defaults are not reported: a pipeline that never asked
 * for them should not get a warning on every run. The image is not reported either: running without one
 * is what the local runtime is for.
 */
final class IgnoredSettings {

    private IgnoredSettings() {
    }

    /** One short description per ignored setting, in spec order; empty when everything applies. */
    static List<String> of(ContainerSpec spec) {
        ContainerSpec defaults = ContainerSpec.builder(spec.image()).build();
        List<String> ignored = new ArrayList<>();
        List<String> mounts = new ArrayList<>();
        for (Mount m : spec.mounts()) {
            // A mount at the same path, writable, is what the host already gives a process.
            if (!m.hostPath().equals(m.containerPath()) || m.readOnly()) {
                mounts.add(m.hostPath() + " -> " + m.containerPath() + (m.readOnly() ? " (read-only)" : ""));
            }
        }
        if (!mounts.isEmpty()) {
            ignored.add("mounts " + mounts);
        }
        if (spec.shmSizeBytes() != defaults.shmSizeBytes()) {
            ignored.add("shm size " + spec.shmSizeBytes() + " bytes");
        }
        if (spec.ipcMode() != null) {
            ignored.add("IPC mode '" + spec.ipcMode() + "'");
        }
        if (!spec.ulimits().equals(defaults.ulimits())) {
            ignored.add("ulimits " + spec.ulimits());
        }
        if (spec.memoryBytes() != defaults.memoryBytes()) {
            ignored.add("memory limit " + spec.memoryBytes() + " bytes");
        }
        if (!spec.networkMode().equals(defaults.networkMode()) && !spec.networkMode().equals("host")) {
            ignored.add("network '" + spec.networkMode() + "'");
        }
        return ignored;
    }

    /** The one log line naming what was ignored, or empty when nothing was. */
    static Optional<String> message(ContainerSpec spec) {
        List<String> ignored = of(spec);
        if (ignored.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("Local runtime: commands run directly on this host, without a container, so these "
                + "settings do not apply: " + String.join("; ", ignored) + ".");
    }
}
