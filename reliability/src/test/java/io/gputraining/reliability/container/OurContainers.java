package io.gputraining.reliability.container;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import io.gputraining.engine.runtime.Labels;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The containers the engine created, found by the labels it puts on every one: those of one process (the
 * {@code host/pid/start} owner label; a CLI in a child JVM) or of one owner name (an engine call in this JVM).
 */
public final class OurContainers {

    private final DockerClient docker;

    public OurContainers(DockerClient docker) {
        this.docker = docker;
    }

    /** Every container, running or not, created by the process with this pid. */
    public List<Container> ofProcess(long pid) {
        return docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(Labels.MANAGED, "1")).exec().stream()
                .filter(c -> createdBy(c, pid)).toList();
    }

    /** Every container, running or not, carrying this owner name. */
    public List<Container> ofOwner(String owner) {
        return docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(Labels.OWNER, owner)).exec();
    }

    /** The first running container of the process, inspected, once one runs; empty after {@code timeoutMillis}. */
    public Optional<InspectContainerResponse> awaitRunningOfProcess(long pid, long timeoutMillis) throws InterruptedException {
        return awaitRunning(() -> ofProcess(pid), timeoutMillis);
    }

    /** The first running container of the owner, inspected, once one runs; empty after {@code timeoutMillis}. */
    public Optional<InspectContainerResponse> awaitRunningOfOwner(String owner, long timeoutMillis) throws InterruptedException {
        return awaitRunning(() -> ofOwner(owner), timeoutMillis);
    }

    private Optional<InspectContainerResponse> awaitRunning(Supplier<List<Container>> candidates, long timeoutMillis)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < deadline) {
            for (Container c : candidates.get()) {
                if ("running".equals(c.getState())) {
                    try {
                        return Optional.of(docker.inspectContainerCmd(c.getId()).exec());
                    } catch (NotFoundException gone) {
                        // ended between list and inspect; look again
                    }
                }
            }
            Thread.sleep(20);
        }
        return Optional.empty();
    }

    /** Force-removes what a failed trial left, so one loss does not spill into the next trial. */
    public void removeAll(List<Container> left) {
        for (Container c : left) {
            try {
                docker.removeContainerCmd(c.getId()).withForce(true).exec();
            } catch (RuntimeException alreadyGone) {
                // removed meanwhile
            }
        }
    }

    private static boolean createdBy(Container c, long pid) {
        String label = c.getLabels() == null ? null : c.getLabels().get(Labels.OWNER_PROCESS);
        if (label == null) {
            return false;
        }
        String[] parts = label.split("/");
        return parts.length == 3 && parts[1].equals(Long.toString(pid));
    }
}
