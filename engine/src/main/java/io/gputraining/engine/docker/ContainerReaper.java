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

    /** Enough for a removal that an interrupt cancelled, then a daemon that is still removing it (100 ms apart). */
    private static final int REMOVE_ATTEMPTS = 50;
    private static final long REMOVE_PAUSE_MILLIS = 100;

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

    /**
     * Force-removes a container; a container already gone is fine. Clears and restores the interrupt flag: an
     * interrupt (an abort) that lands while the removal is under way cancels the daemon request, so the removal
     * is asked again, and awaited, until the daemon says the container is gone.
     */
    void remove(String id) {
        boolean interrupted = Thread.interrupted();
        try {
            for (int attempt = 1; ; attempt++) {
                try {
                    docker.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
                    return;
                } catch (NotFoundException gone) {
                    return; // removed already (or by the sweeper, or by our cancelled attempt)
                } catch (RuntimeException e) {
                    boolean cancelled = InterruptibleCall.causedByInterrupt(e);
                    boolean inProgress = String.valueOf(e.getMessage()).contains("already in progress");
                    if (!(cancelled || inProgress && interrupted) || attempt == REMOVE_ATTEMPTS) {
                        if (inProgress) {
                            return; // another remover's, going on: the sweeper gets what is left
                        }
                        throw e;
                    }
                    interrupted |= cancelled | Thread.interrupted();
                    interrupted |= pause();
                }
            }
        } finally {
            live.remove(id);
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Between attempts; an interrupt only shortens it, and is returned for the caller to restore. */
    private static boolean pause() {
        try {
            Thread.sleep(REMOVE_PAUSE_MILLIS);
            return false;
        } catch (InterruptedException again) {
            return true;
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
