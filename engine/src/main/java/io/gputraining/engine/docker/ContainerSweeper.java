package io.gputraining.engine.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import io.gputraining.engine.runtime.Labels;
import io.gputraining.engine.runtime.Owner;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Removes our containers whose owner is gone: the JVM that created them was killed, or the caller says the
 * owner (e.g. a Jenkins build) has ended. Only containers carrying {@link Labels#MANAGED} are considered.
 */
public final class ContainerSweeper {

    private final DockerClient docker;

    public ContainerSweeper(DockerClient docker) {
        this.docker = docker;
    }

    /**
     * A container of ours, as the sweeper sees it.
     *
     * @param detached whether it outlives its creating process on purpose ({@link Labels#DETACHED}): its owner removes it
     * @param labels   all its labels
     */
    public record ManagedContainer(String id, String owner, Optional<Owner> ownerProcess, String state, boolean detached,
                                   Map<String, String> labels) {
    }

    /** Every container carrying our label, running or not. */
    public List<ManagedContainer> list() {
        List<ManagedContainer> result = new ArrayList<>();
        for (Container c : docker.listContainersCmd().withShowAll(true).withLabelFilter(List.of(Labels.MANAGED)).exec()) {
            Map<String, String> labels = c.getLabels() == null ? Map.of() : c.getLabels();
            result.add(new ManagedContainer(c.getId(), labels.getOrDefault(Labels.OWNER, ""),
                    Owner.fromLabel(labels.get(Labels.OWNER_PROCESS)), String.valueOf(c.getState()), labels.containsKey(Labels.DETACHED),
                    Map.copyOf(labels)));
        }
        return result;
    }

    /**
     * Removes containers whose creating process is no longer alive on this host; returns their ids. Detached
     * containers are not orphans when their creator is gone: they were made to outlive it (a training that goes on
     * while its Jenkins agent restarts), and their owner removes them.
     */
    public List<String> sweepOrphans() {
        return sweep(c -> !c.detached() && c.ownerProcess().map(o -> !o.isAlive()).orElse(false));
    }

    /** Removes the containers {@code ownerGone} selects; returns their ids. */
    public List<String> sweep(Predicate<ManagedContainer> ownerGone) {
        List<String> removed = new ArrayList<>();
        for (ManagedContainer c : list()) {
            if (ownerGone.test(c)) {
                try {
                    docker.removeContainerCmd(c.id()).withForce(true).withRemoveVolumes(true).exec();
                    removed.add(c.id());
                } catch (NotFoundException alreadyGone) {
                    // its owner removed it while we looked
                }
            }
        }
        return removed;
    }
}
