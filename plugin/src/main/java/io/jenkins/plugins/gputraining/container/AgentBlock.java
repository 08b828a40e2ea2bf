package io.jenkins.plugins.gputraining.container;

import io.gputraining.engine.docker.DockerRuntime;
import io.gputraining.engine.launch.BlockContainer;
import java.io.IOException;
import java.util.Optional;

/**
 * On the agent: a block's container, found by its session through a fresh daemon connection, which closes with this.
 * Whatever class loader remoting gave this agent call (a reconnect makes a new one), it finds the same container.
 */
final class AgentBlock implements AutoCloseable {

    private final DockerRuntime docker;
    private final BlockContainer container;

    private AgentBlock(DockerRuntime docker, BlockContainer container) {
        this.docker = docker;
        this.container = container;
    }

    /** The block's container, or empty when it no longer exists. */
    static Optional<AgentBlock> find(BlockSession session) {
        DockerRuntime docker = DockerRuntime.connect(session.daemon());
        try {
            Optional<BlockContainer> found = BlockContainer.find(docker, session.id());
            if (found.isEmpty()) {
                docker.close();
                return Optional.empty();
            }
            return Optional.of(new AgentBlock(docker, found.get()));
        } catch (RuntimeException | Error e) {
            docker.close();
            throw e;
        }
    }

    /**
     * The block's container, for a command of the block.
     *
     * @throws IOException saying the container is gone, and what that means for {@code what}
     */
    static AgentBlock require(BlockSession session, String what) throws IOException {
        return find(session).orElseThrow(() -> new IOException("The withPytorchCuda container of this block no longer exists"
                + " (the block ended, or it was removed on the agent), so " + what + " cannot run in it. Run the build again."));
    }

    BlockContainer container() {
        return container;
    }

    /** Closes the daemon connection; the container stays. */
    @Override
    public void close() {
        docker.close();
    }
}
