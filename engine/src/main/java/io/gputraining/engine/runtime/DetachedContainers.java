package io.gputraining.engine.runtime;

import io.gputraining.engine.LogSink;
import java.util.Optional;

/**
 * Containers that outlive the JVM that started them: no shutdown hook removes them, and whoever knows a label of
 * theirs finds them again through a fresh daemon connection (after an agent restart, in another class loader, from
 * another process). Work that must survive a Jenkins restart runs in one: a training, a block's container. Their
 * owner removes them ({@link DetachedContainer#remove()}); they carry {@link Labels#DETACHED}, so the sweeper of
 * orphans does not take a running one for an orphan of its dead creator.
 */
public interface DetachedContainers {

    /**
     * Creates and starts a container that no JVM exit removes, labelled {@link Labels#DETACHED} besides the spec's
     * labels.
     *
     * @param session true for a container that waits for execs (its command keeps it alive), false for one that
     *                runs its command to the end (its environment is then kept out of its config)
     * @return the container
     */
    DetachedContainer startDetached(ContainerSpec spec, boolean session, LogSink sink) throws InterruptedException;

    /** The container of ours carrying {@code label=value}, running or ended; empty when there is none. */
    Optional<DetachedContainer> find(String label, String value);
}
