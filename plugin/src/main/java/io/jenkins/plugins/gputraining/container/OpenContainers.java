package io.jenkins.plugins.gputraining.container;

import io.gputraining.engine.runtime.ContainerSession;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The containers this agent JVM holds open for running blocks, by session id. The controller keeps only
 * the id (in the serialized launcher decorator and the step execution); every exec and the final close
 * find the session here. This is the one piece of per-JVM state of the container glue: a Docker session
 * (a daemon connection and a GPU lease) cannot travel over remoting, so it has to live where it was made.
 */
public final class OpenContainers {

    private static final OpenContainers AGENT = new OpenContainers();

    private final Map<String, OpenContainer> open = new ConcurrentHashMap<>();

    OpenContainers() {
    }

    /** The registry of this JVM. Only callables running on the agent may use it. */
    public static OpenContainers onThisAgent() {
        return AGENT;
    }

    /** Keeps {@code container} open under {@code id}. */
    void add(String id, OpenContainer container) {
        if (open.putIfAbsent(id, container) != null) {
            container.close();
            throw new IllegalStateException("a container is already open under session id " + id);
        }
    }

    /** A new session id. */
    public static String newSessionId() {
        return UUID.randomUUID().toString();
    }

    /** The session of a block still running, or empty once it was closed (or the agent restarted). */
    Optional<ContainerSession> session(String id) {
        return Optional.ofNullable(open.get(id)).map(OpenContainer::session);
    }

    /** Removes the container and releases its GPUs; false when there was nothing open under this id. */
    boolean close(String id) {
        OpenContainer container = open.remove(id);
        if (container == null) {
            return false;
        }
        container.close();
        return true;
    }

    /** How many blocks hold a container open on this agent. */
    public int size() {
        return open.size();
    }
}
