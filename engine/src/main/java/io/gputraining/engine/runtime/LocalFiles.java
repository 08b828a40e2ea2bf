package io.gputraining.engine.runtime;

import io.gputraining.engine.EngineException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The spec's {@link FileToCopy files} written on the host for the local runtime, and removed again with the
 * directories this wrote, as they would vanish with a container.
 */
final class LocalFiles implements AutoCloseable {

    private final List<Path> created = new ArrayList<>();

    private LocalFiles() {
    }

    static LocalFiles write(List<FileToCopy> files) {
        LocalFiles written = new LocalFiles();
        try {
            for (FileToCopy file : files) {
                Path path = Path.of(file.path());
                written.createParents(path.getParent());
                Files.write(path, file.content());
                written.created.add(path);
                Files.setPosixFilePermissions(path, permissions(file.mode()));
            }
            return written;
        } catch (IOException | RuntimeException e) {
            written.close();
            throw new EngineException("Could not write the files the command needs on this host: " + e.getMessage(), e);
        }
    }

    private void createParents(Path dir) throws IOException {
        if (dir == null || Files.isDirectory(dir)) {
            return;
        }
        createParents(dir.getParent());
        Files.createDirectory(dir);
        created.add(dir);
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = PosixFilePermission.values(); // OWNER_READ … OTHERS_EXECUTE, high bit first
        for (int i = 0; i < bits.length; i++) {
            if ((mode & (1 << (bits.length - 1 - i))) != 0) {
                set.add(bits[i]);
            }
        }
        return set;
    }

    /** Removes what this wrote, newest first; what cannot be removed stays (it is under /tmp). */
    @Override
    public void close() {
        for (int i = created.size() - 1; i >= 0; i--) {
            try {
                Files.deleteIfExists(created.get(i));
            } catch (IOException ignored) {
                // a directory the command added files to stays, as the command left it
            }
        }
        created.clear();
    }
}
