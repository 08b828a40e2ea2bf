package io.gputraining.engine.gpu;

import java.nio.channels.FileChannel;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Which GPU lock files some thread of this JVM holds or is trying to lock.
 *
 * <p>This is the one piece of static mutable state in the engine, on purpose: OS file locks belong to the
 * process, and POSIX drops all of a process' locks on a file as soon as <em>any</em> descriptor of that
 * file is closed. A second thread that merely opened a held lock file to try it (and got an
 * {@link java.nio.channels.OverlappingFileLockException}) would, on closing its channel, silently free the
 * GPU for every other process while the holder still believes it holds it. So a thread must claim a lock
 * file here before it opens it, and the claim has the same scope as the OS lock: the whole JVM, across
 * every {@link GpuAllocator} instance.
 */
final class JvmGpuClaims {

    private static final Set<String> CLAIMED = ConcurrentHashMap.newKeySet();

    /** Channels that must never be closed (nor collected, which closes them); see {@link #keepOpen}. */
    private static final List<FileChannel> KEPT_OPEN = new CopyOnWriteArrayList<>();

    private JvmGpuClaims() {
    }

    /** Claims a lock file by its real path; false when another thread of this JVM has it. */
    static boolean claim(String lockFile) {
        return CLAIMED.add(lockFile);
    }

    /** Gives a claim back; only after the file's channel is closed. */
    static void release(String lockFile) {
        CLAIMED.remove(lockFile);
    }

    /**
     * Keeps a channel open for the life of the JVM, because closing it would drop a lock that code outside
     * this bookkeeping holds on the same file. Only for that failure, which ends the attempt with an error.
     */
    static void keepOpen(FileChannel channel) {
        if (channel != null) {
            KEPT_OPEN.add(channel);
        }
    }
}
