package io.gputraining.engine.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Removes the containers a runtime still owns when the JVM shuts down (SIGTERM, System.exit) — the one exit
 * path a try/finally does not cover. A SIGKILL'd JVM leaves its containers to the {@link ContainerSweeper}.
 */
final class ContainerReaper implements AutoCloseable {

    private final DockerClient docker;
    private final Set<String> live = ConcurrentHashMap.newKeySet();
    private final Thread hook;

    ContainerReaper(DockerClient docker) {
        this.docker = docker;
        this.hook = new Thread(this::removeAll, "gpu-training container reaper");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    void track(String id) {
        live.add(id);
    }

    void untrack(String id) {
        live.remove(id);
    }

    /** Force-removes a container; a container already gone is fine. Clears and restores the interrupt flag. */
    void remove(String id) {
        boolean interrupted = Thread.interrupted();
        try {
            docker.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
        } catch (NotFoundException gone) {
            // removed already (or by the sweeper)
        } catch (RuntimeException e) {
            // "removal already in progress" races and daemon hiccups: the sweeper gets what is left.
            if (!String.valueOf(e.getMessage()).contains("already in progress")) {
                throw e;
            }
        } finally {
            live.remove(id);
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void removeAll() {
        for (String id : Set.copyOf(live)) {
            try {
                remove(id);
            } catch (RuntimeException ignored) {
                // at shutdown there is no one to tell; the sweeper removes leftovers by owner label
            }
        }
    }

    @Override
    public void close() {
        removeAll();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or about to: it does the same work
        }
    }
}
