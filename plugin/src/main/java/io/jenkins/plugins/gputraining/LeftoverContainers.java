package io.jenkins.plugins.gputraining;

import hudson.Extension;
import hudson.model.Computer;
import hudson.model.TaskListener;
import hudson.remoting.VirtualChannel;
import hudson.security.ACL;
import hudson.security.ACLContext;
import hudson.slaves.ComputerListener;
import io.gputraining.engine.docker.ContainerSweeper;
import io.gputraining.engine.docker.DockerEndpoint;
import io.gputraining.engine.docker.DockerRuntime;
import io.gputraining.engine.runtime.RuntimeKind;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import jenkins.security.MasterToSlaveCallable;

/**
 * Removes, when an agent comes online, the containers its builds left there: trainings and blocks outlive the agent's
 * JVM on purpose (they must survive restarts), so a build that ended while its agent was offline (aborted, or not
 * resumable after a controller restart) could not remove its container, which may still hold GPUs. Only containers
 * that outlive their creator ({@code io.gputraining.detached}) of builds of this controller that are over are
 * removed; those of running builds, other controllers and the CLI are left alone. Looks on the daemons the agent's
 * user reaches by default: Docker's ({@code DOCKER_HOST}) and Podman's (rootful, or the user's rootless socket).
 */
@Extension
public final class LeftoverContainers extends ComputerListener {

    private static final Logger LOGGER = Logger.getLogger(LeftoverContainers.class.getName());

    /** The daemons to look on, as the agent's user reaches them; one that does not answer is skipped. */
    private static final List<RuntimeKind> DAEMONS = List.of(RuntimeKind.DOCKER, RuntimeKind.PODMAN);

    @Override
    public void onOnline(Computer computer, TaskListener listener) {
        VirtualChannel channel = computer.getChannel();
        if (channel != null) {
            Computer.threadPoolForRemoting.submit(() -> sweep(computer.getName(), channel));
        }
    }

    private static void sweep(String agent, VirtualChannel channel) {
        try (ACLContext ignored = ACL.as2(ACL.SYSTEM2)) {
            List<Detached> leftovers = channel.call(new DetachedOwners()).stream()
                    .filter(c -> BuildOwner.isOver(c.owner()).orElse(false)).toList();
            if (!leftovers.isEmpty()) {
                List<String> removed = channel.call(new Removal(leftovers));
                LOGGER.info(() -> "Removed container(s) " + removed + " on " + (agent.isEmpty() ? "the built-in node" : agent)
                        + " left by builds that are over: " + leftovers.stream().map(Detached::owner).distinct()
                        .collect(Collectors.joining(", ")));
            }
        } catch (Exception e) {
            LOGGER.log(Level.FINE, "could not look for leftover containers on " + agent, e);
        }
    }

    /** A container that outlives its creator, on the daemon of {@code runtime}. */
    record Detached(RuntimeKind runtime, String id, String owner) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    private static DockerRuntime connect(RuntimeKind kind) {
        return DockerRuntime.connect(DockerEndpoint.forRuntime(kind, System.getenv()));
    }

    /** On the agent: the containers that outlive their creator, with their owners, on every daemon that answers. */
    private static final class DetachedOwners extends MasterToSlaveCallable<List<Detached>, RuntimeException> {
        private static final long serialVersionUID = 1L;

        @Override
        public List<Detached> call() {
            List<Detached> found = new ArrayList<>();
            for (RuntimeKind kind : DAEMONS) {
                try (DockerRuntime daemon = connect(kind)) {
                    new ContainerSweeper(daemon.client()).list().stream().filter(ContainerSweeper.ManagedContainer::detached)
                            .forEach(c -> found.add(new Detached(kind, c.id(), c.owner())));
                } catch (RuntimeException unreachable) {
                    LOGGER.log(Level.FINE, "no " + kind.id() + " daemon to look for leftover containers on", unreachable);
                }
            }
            return found;
        }
    }

    /** On the agent: removes the given containers; returns those it removed. */
    private static final class Removal extends MasterToSlaveCallable<List<String>, RuntimeException> {
        private static final long serialVersionUID = 1L;
        private final List<Detached> containers;

        Removal(List<Detached> containers) {
            this.containers = List.copyOf(containers);
        }

        @Override
        public List<String> call() {
            List<String> removed = new ArrayList<>();
            for (RuntimeKind kind : DAEMONS) {
                List<String> ids = containers.stream().filter(c -> c.runtime() == kind).map(Detached::id).toList();
                if (!ids.isEmpty()) {
                    try (DockerRuntime daemon = connect(kind)) {
                        removed.addAll(new ContainerSweeper(daemon.client()).sweep(c -> ids.contains(c.id())));
                    }
                }
            }
            return removed;
        }
    }
}
