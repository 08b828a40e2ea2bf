package io.jenkins.plugins.gputraining.container;

import io.gputraining.engine.docker.DockerEndpoint;
import java.io.Serializable;
import java.util.UUID;

/**
 * How every command of a block finds the block's container: by the session id it is labelled with, on the daemon it
 * was started on. All the controller keeps of the container (in the launcher decorator, the step execution, the
 * freestyle build's action), so it survives a Pipeline's serialization; nothing about the container lives in an
 * agent's JVM, so an agent reconnect (a new class loader) or restart changes nothing ({@link AgentBlock}).
 *
 * @param id     the session id, made by the controller before the start, so that it can remove a container whose
 *               start it did not see end (a restart meanwhile)
 * @param docker the daemon; null in a block started before it was recorded: the agent's own {@code DOCKER_HOST}
 */
public record BlockSession(String id, DockerEndpoint docker) implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The id of a new session; the session itself comes with the block's options ({@link ContainerOptions#session}). */
    static String newId() {
        return UUID.randomUUID().toString();
    }

    /** The daemon to look on; call on the agent. */
    DockerEndpoint daemon() {
        return docker != null ? docker : DockerEndpoint.fromEnvironment();
    }
}
