package io.gputraining.engine.runtime;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * Whether a runtime resolves CDI devices, and where the preflight can read the specs it resolves them from.
 *
 * @param resolves        whether GPUs go to containers as CDI devices
 * @param specDirs        the directories the runtime reads specs from ({@code /etc/cdi}, {@code /var/run/cdi})
 * @param specsOnThisHost whether those directories are this host's (the daemon is reached through a local socket);
 *                        a remote daemon's specs cannot be read from here
 * @param note            why CDI is not used (e.g. "docker 20.10.24 is older than 25"), or empty
 */
public record CdiSupport(boolean resolves, List<String> specDirs, boolean specsOnThisHost, String note) implements Serializable {

    public CdiSupport {
        specDirs = List.copyOf(specDirs);
        note = Objects.requireNonNullElse(note, "");
    }

    /** A runtime that gives GPUs some other way, and why. */
    public static CdiSupport none(String note) {
        return new CdiSupport(false, List.of(), false, note);
    }
}
