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
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import jenkins.security.MasterToSlaveCallable;

/**
 * Removes, when an agent comes online, the containers its builds left there: trainings and blocks outlive the agent's
 * JVM on purpose (they must survive restarts), so a build that ended while its agent was offline (aborted, or not
 * resumable after a controller restart) could not remove its container, which may still hold GPUs. Only containers
 * that outlive their creator ({@code io.gputraining.detached}) of builds of this controller that are over are
 * removed; those of running builds, other controllers and the CLI are left alone. Looks on the agent's own
 * {@code DOCKER_HOST}.
 */
@Extension
public final class LeftoverContainers extends ComputerListener {

    private static final Logger LOGGER = Logger.getLogger(LeftoverContainers.class.getName());

    @Override
    public void onOnline(Computer computer, TaskListener listener) {
        VirtualChannel channel = computer.getChannel();
        if (channel != null) {
            Computer.threadPoolForRemoting.submit(() -> sweep(computer.getName(), channel));
        }
    }

    private static void sweep(String agent, VirtualChannel channel) {
        try (ACLContext ignored = ACL.as2(ACL.SYSTEM2)) {
            Map<String, String> owners = channel.call(new DetachedOwners());
            List<String> leftovers = owners.entrySet().stream()
                    .filter(e -> BuildOwner.isOver(e.getValue()).orElse(false))
                    .map(Map.Entry::getKey).toList();
            if (!leftovers.isEmpty()) {
                List<String> removed = channel.call(new Removal(leftovers));
                LOGGER.info(() -> "Removed container(s) " + removed + " on " + (agent.isEmpty() ? "the built-in node" : agent)
                        + " left by builds that are over: " + removed.stream().map(owners::get).distinct().collect(Collectors.joining(", ")));
            }
        } catch (Exception e) {
            LOGGER.log(Level.FINE, "could not look for leftover containers on " + agent, e);
        }
    }

    /** On the agent: the containers that outlive their creator, by id, with their owners. */
    private static final class DetachedOwners extends MasterToSlaveCallable<Map<String, String>, RuntimeException> {
        private static final long serialVersionUID = 1L;

        @Override
        public Map<String, String> call() {
            try (DockerRuntime docker = DockerRuntime.connect(DockerEndpoint.fromEnvironment())) {
                return new ContainerSweeper(docker.client()).list().stream().filter(ContainerSweeper.ManagedContainer::detached)
                        .collect(Collectors.toMap(ContainerSweeper.ManagedContainer::id, ContainerSweeper.ManagedContainer::owner));
            }
        }
    }

    /** On the agent: removes the given containers; returns those it removed. */
    private static final class Removal extends MasterToSlaveCallable<List<String>, RuntimeException> {
        private static final long serialVersionUID = 1L;
        private final List<String> ids;

        Removal(List<String> ids) {
            this.ids = List.copyOf(ids);
        }

        @Override
        public List<String> call() {
            try (DockerRuntime docker = DockerRuntime.connect(DockerEndpoint.fromEnvironment())) {
                return new ContainerSweeper(docker.client()).sweep(c -> ids.contains(c.id()));
            }
        }
    }
}
