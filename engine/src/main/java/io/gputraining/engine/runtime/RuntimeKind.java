package io.gputraining.engine.runtime;

import io.gputraining.engine.EngineException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Where GPU work runs, as a step's {@code runtime} parameter and the CLI's {@code --runtime} name it. */
public enum RuntimeKind {

    /** Containers of a Docker daemon (the default). */
    DOCKER,
    /** Directly on the host, which already is the PyTorch image. */
    LOCAL;

    /** The default where nothing is said. */
    public static final RuntimeKind DEFAULT = DOCKER;

    /** The name users write: {@code docker}, {@code local}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param name {@code docker} or {@code local}, any case; blank or null for the {@linkplain #DEFAULT default}
     * @throws EngineException for any other name, listing the known ones
     */
    public static RuntimeKind parse(String name) {
        if (name == null || name.isBlank()) {
            return DEFAULT;
        }
        for (RuntimeKind kind : values()) {
            if (kind.id().equals(name.strip().toLowerCase(Locale.ROOT))) {
                return kind;
            }
        }
        throw new EngineException("runtime '" + name + "' is not known: use "
                + Arrays.stream(values()).map(RuntimeKind::id).collect(Collectors.joining(" or "))
                + " (docker: containers on the agent's Docker daemon; local: the agent itself is the image).");
    }
}
