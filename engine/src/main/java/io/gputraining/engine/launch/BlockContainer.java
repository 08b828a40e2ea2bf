package io.gputraining.engine.launch;

import io.gputraining.engine.image.PreparedImage;
import io.gputraining.engine.runtime.ContainerSession;
import io.gputraining.engine.runtime.DetachedContainer;
import io.gputraining.engine.runtime.DetachedContainers;
import io.gputraining.engine.runtime.Labels;
import java.util.List;
import java.util.Optional;

/**
 * The long-lived container of a block of build steps ({@code withPytorchCuda}, the freestyle wrapper), labelled with
 * the block's session id. It outlives the JVM that started it and holds its GPUs itself, so nothing about it lives in
 * a JVM: every command of the block finds it by its session id through whatever daemon connection it has (after an
 * agent reconnect, in another class loader, after a restart), and whoever removes it frees its GPUs with it.
 */
public final class BlockContainer {

    private final DetachedContainer container;
    private final PreparedImage image;
    private final List<String> gpuIds;

    BlockContainer(DetachedContainer container, PreparedImage image, List<String> gpuIds) {
        this.container = container;
        this.image = image;
        this.gpuIds = List.copyOf(gpuIds);
    }

    /** The block's container, running or not; empty when it no longer exists. */
    public static Optional<BlockContainer> find(DetachedContainers daemon, String sessionId) {
        return daemon.find(Labels.SESSION, sessionId).map(c -> new BlockContainer(c, null, List.of()));
    }

    /** The container's id. */
    public String id() {
        return container.id();
    }

    /** The pinned image; null for a container that was found rather than started here. */
    public PreparedImage image() {
        return image;
    }

    /** The UUIDs of the GPUs it holds, as started; empty for none, or for a container that was found. */
    public List<String> gpuIds() {
        return gpuIds;
    }

    /**
     * The container as a session for the block's commands. Closing that session removes the container, as
     * {@link #remove()} does.
     */
    public ContainerSession session() {
        return container.session();
    }

    /** Removes the container, which ends what runs in it and frees its GPUs; nothing happens when it is gone already. */
    public void remove() {
        container.remove();
    }
}
