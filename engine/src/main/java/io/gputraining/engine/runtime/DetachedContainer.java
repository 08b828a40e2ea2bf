package io.gputraining.engine.runtime;

import java.util.Map;

/** A container that outlives the JVM that started it; see {@link DetachedContainers}. */
public interface DetachedContainer {

    /** The container's id. */
    String id();

    /** Its labels, as set at its creation. */
    Map<String, String> labels();

    /**
     * Where it is now.
     *
     * @throws ContainerGoneException when the container no longer exists
     */
    ContainerState state();

    /**
     * What it wrote to stdout and stderr after {@code from}, in order, up to about {@code maxBytes} (whole log
     * entries). Never waits for more output.
     *
     * @throws ContainerGoneException when the container no longer exists
     */
    LogChunk logs(LogPosition from, int maxBytes) throws InterruptedException;

    /** The container as a session for execs; closing the session removes the container. */
    ContainerSession session();

    /** Stops and removes it; nothing happens when it is gone already. */
    void remove();
}
