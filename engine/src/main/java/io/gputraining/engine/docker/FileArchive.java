package io.gputraining.engine.docker;

import io.gputraining.engine.runtime.FileToCopy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** The tar stream Docker's copy-to-container API takes, rooted at {@code /}, holding the given files. */
final class FileArchive {

    private FileArchive() {
    }

    /** A tar of the one file under its own name, without directories: for extraction into its parent. */
    static byte[] flat(FileToCopy file) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            put(tar, file.path().substring(file.path().lastIndexOf('/') + 1), file);
        } catch (IOException e) {
            throw new UncheckedIOException("building an in-memory tar cannot fail", e);
        }
        return bytes.toByteArray();
    }

    static byte[] of(List<FileToCopy> files) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            Set<String> directories = new LinkedHashSet<>();
            for (FileToCopy file : files) {
                String relative = file.path().substring(1);
                for (int slash = relative.indexOf('/'); slash > 0; slash = relative.indexOf('/', slash + 1)) {
                    directories.add(relative.substring(0, slash + 1));
                }
            }
            for (String dir : directories) {
                TarArchiveEntry entry = new TarArchiveEntry(dir);
                entry.setMode(040755);
                tar.putArchiveEntry(entry);
                tar.closeArchiveEntry();
            }
            for (FileToCopy file : files) {
                put(tar, file.path().substring(1), file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("building an in-memory tar cannot fail", e);
        }
        return bytes.toByteArray();
    }

    private static void put(TarArchiveOutputStream tar, String name, FileToCopy file) throws IOException {
        byte[] content = file.content();
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setSize(content.length);
        entry.setMode(0100000 | file.mode());
        tar.putArchiveEntry(entry);
        tar.write(content);
        tar.closeArchiveEntry();
    }
}
