package io.gputraining.engine.registry.local;

import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLockInterruptionException;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;

/**
 * Exclusive right to publish versions of one model: first among the threads of this JVM, then, through an OS
 * file lock on {@code models/<name>/.lock}, among processes. The OS frees the file lock when its process ends,
 * however it ends, so a crashed writer never blocks the registry.
 *
 * <p>The JVM-wide part is static state on purpose: OS file locks belong to the process, and POSIX drops all
 * of a process' locks on a file as soon as <em>any</em> descriptor of it is closed. So a thread must hold the
 * JVM-wide permit before it even opens the lock file, across every {@link LocalModelRegistry} instance; the
 * lock file is never opened for anything else. (The GPU allocator guards its lock files the same way.)
 */
final class ModelLock implements AutoCloseable {

    /** One permit per lock file (real path); entries stay, one per model name used in this JVM. */
    private static final Map<String, Semaphore> PERMITS = new ConcurrentHashMap<>();
    /** Channels that must never be closed (nor collected); see {@link #acquire}. */
    private static final List<FileChannel> KEPT_OPEN = new CopyOnWriteArrayList<>();

    private final Semaphore permit;
    private final FileChannel channel;

    private ModelLock(Semaphore permit, FileChannel channel) {
        this.permit = permit;
        this.channel = channel;
    }

    /**
     * Waits for the lock of {@code lockFile} (created if missing; its directory must exist).
     *
     * @throws InterruptedException while waiting; nothing is held then
     * @throws IOException          when the lock file cannot be opened or locked
     */
    static ModelLock acquire(Path lockFile) throws IOException, InterruptedException {
        // By real path: two registries reaching one root through different links must share one permit.
        String key = lockFile.getParent().toRealPath().resolve(lockFile.getFileName()).toString();
        Semaphore permit = PERMITS.computeIfAbsent(key, k -> new Semaphore(1));
        permit.acquire();
        FileChannel channel = null;
        boolean held = false;
        try {
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            channel.lock();
            held = true;
            return new ModelLock(permit, channel);
        } catch (FileLockInterruptionException | ClosedByInterruptException e) {
            Thread.interrupted();
            throw new InterruptedException("interrupted while waiting for " + lockFile);
        } catch (OverlappingFileLockException e) {
            // Only code that bypasses PERMITS gets here, e.g. a second copy of these classes in another class
            // loader. Closing our channel would silently free that copy's lock, so keep it open and fail.
            KEPT_OPEN.add(channel);
            channel = null;
            throw new IOException(lockFile + " is locked by code in this JVM that does not share this engine's lock"
                    + " bookkeeping, most likely a second copy of the gpu-training engine loaded after an agent"
                    + " reconnect; restart the agent (or the CLI) process", e);
        } finally {
            if (!held) {
                if (channel != null) {
                    closeQuietly(channel);
                }
                permit.release();
            }
        }
    }

    /** Releases the OS lock, then the JVM permit. */
    @Override
    public void close() {
        closeQuietly(channel); // closing the channel releases the OS lock
        permit.release();
    }

    private static void closeQuietly(FileChannel c) {
        try {
            c.close();
        } catch (IOException e) {
            // nothing left to do with it
        }
    }
}
