package io.gputraining.engine.runtime;

import io.gputraining.engine.EngineException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Where GPU work runs, as a step's {@code runtime} parameter, the global default and the CLI's {@code --runtime} name
 * it. Which daemon socket each container runtime uses is {@link io.gputraining.engine.docker.DockerEndpoint#forRuntime}'s
 * to say.
 */
public enum RuntimeKind {

    /** Containers of a Docker daemon (the default). */
    DOCKER("Docker", "containers on the agent's Docker daemon"),
    /** Containers of Podman, rootful or rootless, through its Docker-compatible API socket. */
    PODMAN("Podman", "containers on Podman, rootful or rootless, through its Docker-compatible socket"),
    /** Directly on the host, which already is the PyTorch image. */
    LOCAL("the local runtime", "the agent itself is the image");

    /** The default where nothing is said. */
    public static final RuntimeKind DEFAULT = DOCKER;

    private final String displayName;
    private final String meaning;

    RuntimeKind(String displayName, String meaning) {
        this.displayName = displayName;
        this.meaning = meaning;
    }

    /** The name in a sentence: {@code Docker}, {@code Podman}, {@code the local runtime}. */
    public String displayName() {
        return displayName;
    }

    /** The name users write: {@code docker}, {@code podman}, {@code local}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** What the name means, in a few words, for help texts and drop-downs. */
    public String meaning() {
        return meaning;
    }

    /** Whether work runs in containers of an image (Docker, Podman), as opposed to on the host itself. */
    public boolean containers() {
        return this != LOCAL;
    }

    /**
     * @param name {@code docker}, {@code podman} or {@code local}, any case; blank or null for the {@linkplain #DEFAULT default}
     * @throws EngineException for any other name, listing the known ones
     */
    public static RuntimeKind parse(String name) {
        return parse(name, DEFAULT);
    }

    /**
     * @param name     a runtime's name, any case
     * @param fallback what blank or null means (a site's default, say)
     * @throws EngineException for a name that is no runtime, listing the known ones
     */
    public static RuntimeKind parse(String name, RuntimeKind fallback) {
        if (name == null || name.isBlank()) {
            return fallback;
        }
        for (RuntimeKind kind : values()) {
            if (kind.id().equals(name.strip().toLowerCase(Locale.ROOT))) {
                return kind;
            }
        }
        throw new EngineException("runtime '" + name + "' is not known: use "
                + Arrays.stream(values()).map(RuntimeKind::id).collect(Collectors.joining(", "))
                + " (" + Arrays.stream(values()).map(k -> k.id() + ": " + k.meaning).collect(Collectors.joining("; ")) + ").");
    }
}
