package io.jenkins.plugins.gputraining.container;

import io.gputraining.engine.runtime.MarkedProcesses;
import io.gputraining.engine.runtime.ProcessKillException;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jenkins.security.MasterToSlaveCallable;

/**
 * Runs on the agent: ends the processes in a block's container that carry the given environment entries, as
 * {@code Launcher.kill} asks (a stopped {@code sh} step names its {@code JENKINS_SERVER_COOKIE}). Returns their
 * pids as the container numbers them; none when the container is already gone, which ended them all.
 */
final class ContainerKill extends MasterToSlaveCallable<List<String>, IOException> {

    private static final long serialVersionUID = 1L;

    private final BlockSession session;
    private final Map<String, String> marks;

    ContainerKill(BlockSession session, Map<String, String> marks) {
        this.session = session;
        this.marks = Map.copyOf(marks);
    }

    @Override
    public List<String> call() throws IOException {
        Optional<AgentBlock> found = AgentBlock.find(session);
        if (found.isEmpty()) {
            return List.of();
        }
        try (AgentBlock block = found.get()) {
            return MarkedProcesses.kill(block.container().session(), marks, MarkedProcesses.DEFAULT_GRACE);
        } catch (ProcessKillException e) {
            throw new IOException(e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while ending the stopped step's processes in the container", e);
        }
    }
}
