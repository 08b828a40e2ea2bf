package io.gputraining.engine.gpu;

import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * One GPU's lock: OS file locks on {@code gpu-<id>.lock} in the lock directory, plus
 * {@code gpu-<id>.holder}, where the holder records who it is. The holder record lives in a separate file
 * because reading the lock file itself would open (and close) a descriptor of it, which drops this
 * process' lock (see {@link JvmGpuClaims}). The record is only informative: a crashed holder's record
 * stays behind, but its OS lock is gone with its process, so the record never blocks anyone.
 *
 * <p>The file has two lockable bytes. The <em>slot</em> (byte 0) is taken by whoever leases the GPU; the
 * <em>hold</em> (byte 1) by whatever uses it. A lease takes both, and the GPU is free only when both are. A lease
 * can be handed over to another process (a container that outlives this JVM): the hold is let go while the slot
 * is kept, so nobody else can start taking the GPU; the other process locks the hold; then the slot is let go
 * ({@link GpuLeaseHandover}). From then on the GPU is busy exactly as long as that process lives. Both are POSIX
 * record locks ({@code fcntl}), which Java's file locks are too, so they see each other across processes,
 * containers and mount namespaces.
 *
 * <p>One instance per try; not shared between threads.
 */
final class GpuLockFile {

    private final String deviceId;
    private final Path lockFile;
    private final Path holderFile;
    private FileChannel channel;
    private FileLock hold;

    /** @param directory the lock directory, as a real path so that every process and thread agree on names */
    GpuLockFile(Path directory, String deviceId) {
        this.deviceId = deviceId;
        String stem = stem(deviceId);
        this.lockFile = directory.resolve(stem + ".lock");
        this.holderFile = directory.resolve(stem + ".holder");
    }

    String deviceId() {
        return deviceId;
    }

    /** The byte a lease takes first: while someone has it, nobody else can start taking the GPU. */
    static final long SLOT = 0;
    /** The byte held while the GPU is in use: by the lease, or by the process it was handed over to. */
    static final long HOLD = 1;

    /**
     * Takes the GPU if no other thread or process holds it (its slot or its hold); never waits.
     *
     * @throws ClosedByInterruptException when the thread was interrupted meanwhile; nothing is held then
     */
    boolean tryLock() throws IOException {
        String claim = lockFile.toString();
        if (!JvmGpuClaims.claim(claim)) {
            return false;
        }
        FileChannel opened = null;
        FileLock lock = null;
        try {
            createShared(lockFile);
            opened = FileChannel.open(lockFile, StandardOpenOption.WRITE);
            FileLock slot = opened.tryLock(SLOT, 1, false);
            if (slot != null) {
                lock = opened.tryLock(HOLD, 1, false); // null: a process it was handed over to still uses it
                if (lock == null) {
                    slot.release();
                }
            }
        } catch (OverlappingFileLockException e) {
            // Only code that bypasses JvmGpuClaims gets here, e.g. a second copy of these classes in another
            // class loader. Closing our channel would silently free that copy's lock, so keep it open and fail.
            JvmGpuClaims.keepOpen(opened);
            opened = null;
            throw new GpuLockException("GPU " + deviceId + " is locked (" + lockFile + ") by code in this JVM that"
                    + " does not share this engine's lock bookkeeping, most likely a second copy of the"
                    + " gpu-training engine loaded after an agent reconnect. GPU exclusion is not reliable in"
                    + " this state: restart the agent (or the CLI) process.");
        } finally {
            if (lock == null) {
                closeQuietly(opened);
                JvmGpuClaims.release(claim);
            }
        }
        if (lock == null) {
            return false; // another process holds it
        }
        channel = opened;
        hold = lock;
        return true;
    }

    /** The lock file's path, for the process a lease is handed over to. */
    Path lockFile() {
        return lockFile;
    }

    /** First step of a handover: lets the hold go, keeping the slot. Only while holding both. */
    void openHold() throws IOException {
        hold.release();
        hold = null;
    }

    /** Whether another process has locked the hold (after {@link #openHold()}); a probe that never waits. */
    boolean holdTakenElsewhere() throws IOException {
        FileLock probe = channel.tryLock(HOLD, 1, false);
        if (probe == null) {
            return true;
        }
        probe.release();
        return false;
    }

    /**
     * Last step of a handover: records the new holder and lets the slot go. The holder record stays (the GPU is still
     * in use); the next lease replaces it.
     */
    void releaseHandedOver(GpuHolder holder) {
        try {
            recordHolder(holder);
        } catch (IOException e) {
            // informative only: runs waiting for the GPU will not be able to name who uses it
        }
        closeQuietly(channel); // closing the channel releases this process' locks on the file, the slot included
        channel = null;
        JvmGpuClaims.release(lockFile.toString());
    }

    /** Records who holds the GPU, replacing whatever record was there; only while holding it. */
    void recordHolder(GpuHolder holder) throws IOException {
        Path temp = Files.createTempFile(holderFile.getParent(), "." + holderFile.getFileName(), ".tmp");
        try {
            Files.writeString(temp, holder.toText(), StandardCharsets.UTF_8);
            setPermissions(temp, "rw-r--r--");
            // Atomic, so a reader never sees half a record.
            Files.move(temp, holderFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Who holds the GPU by its record; empty when there is none, it cannot be read, or it names a process
     * of this host that has exited (a stale record: the real holder has not written its own yet).
     */
    Optional<GpuHolder> readHolder() throws ClosedByInterruptException {
        try {
            return GpuHolder.parse(Files.readString(holderFile, StandardCharsets.UTF_8))
                    .filter(h -> h.process().isAlive());
        } catch (ClosedByInterruptException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // informative only: a missing or foreign record just leaves the holder unnamed
        }
    }

    /** Drops the record and the lock. Safe to call when not holding. */
    void release() {
        if (channel == null) {
            return;
        }
        try {
            // While still locked, so that the next holder's record is never the one removed.
            Files.deleteIfExists(holderFile);
        } catch (IOException e) {
            // Left behind it is merely stale; the next holder replaces it.
        }
        closeQuietly(channel); // closing the channel releases the OS locks
        channel = null;
        hold = null;
        JvmGpuClaims.release(lockFile.toString());
    }

    /** {@code gpu-} and the id, with anything but letters, digits, '.', '-' and '_' percent-encoded. */
    static String stem(String deviceId) {
        StringBuilder b = new StringBuilder("gpu-");
        for (byte c : deviceId.getBytes(StandardCharsets.UTF_8)) {
            boolean plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '-' || c == '_';
            if (plain) {
                b.append((char) c);
            } else {
                b.append('%').append(String.format("%02X", c & 0xff));
            }
        }
        return b.toString();
    }

    private static void createShared(Path file) throws IOException {
        try {
            Files.createFile(file);
            // Other users' runs must be able to open it for writing to lock it.
            setPermissions(file, "rw-rw-rw-");
        } catch (FileAlreadyExistsException e) {
            // made by an earlier run
        }
    }

    static void setPermissions(Path path, String permissions) {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
        } catch (IOException | UnsupportedOperationException e) {
            // Best effort: not our file, or not a POSIX file system; opening it reports real problems.
        }
    }

    private static void closeQuietly(FileChannel c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (IOException e) {
            // nothing left to do with it
        }
    }

    @Override
    public String toString() {
        return "GPU " + deviceId + " (" + lockFile + ")";
    }
}
