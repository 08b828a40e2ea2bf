package io.gputraining.engine.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where the {@link LocalRuntime} notes each process it starts, with the JVM that owns it, for as long as the
 * process runs: one small file per process in a directory shared by every JVM of the host. A JVM that is
 * killed outright (SIGKILL, the OOM killer) cannot end its children, and they keep running, on GPUs whose
 * lease died with the JVM; {@link LocalProcessSweeper} ({@code gpu-training gc}) finds them here, as the
 * {@code ContainerSweeper} finds containers by their labels.
 */
public final class LocalProcessLedger {

    /** The directory every JVM of the host uses unless told otherwise: {@code gpu-training-processes} in the temp directory. */
    public static Path defaultDirectory() {
        return Path.of(System.getProperty("java.io.tmpdir"), "gpu-training-processes");
    }

    /**
     * One process as noted: itself and its owner, each as {@link Owner} (host, pid, start time, so a reused pid
     * is never mistaken for it), and its command line for messages.
     */
    public record Entry(Owner process, Owner owner, String command) {

        public Entry {
            Objects.requireNonNull(process, "process");
            Objects.requireNonNull(owner, "owner");
            command = command == null ? "" : command.replace('\n', ' ');
        }

        String toText() {
            return process.label() + "\n" + owner.label() + "\n" + command + "\n";
        }

        static Optional<Entry> parse(String text) {
            String[] lines = text.split("\n", 3);
            if (lines.length < 2) {
                return Optional.empty();
            }
            Optional<Owner> process = Owner.fromLabel(lines[0]);
            Optional<Owner> owner = Owner.fromLabel(lines[1]);
            return process.isPresent() && owner.isPresent()
                    ? Optional.of(new Entry(process.get(), owner.get(), lines.length > 2 ? lines[2].strip() : ""))
                    : Optional.empty();
        }
    }

    private final Path directory;

    /** @param directory created (world-writable) on the first note if missing */
    public LocalProcessLedger(Path directory) {
        this.directory = Objects.requireNonNull(directory, "directory");
    }

    public Path directory() {
        return directory;
    }

    /**
     * Notes a process this JVM has just started.
     *
     * @return the file to {@link #forget} when its tree has ended
     * @throws IOException when the directory cannot be written
     */
    Path note(ProcessHandle process, List<String> command) throws IOException {
        Files.createDirectories(directory);
        try {
            // Other users' runs note their processes here too.
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxrwxrwx"));
        } catch (IOException | UnsupportedOperationException notOurs) {
            // made by another user, or no POSIX permissions: writing below reports real problems
        }
        Owner self = Owner.of(process);
        Entry entry = new Entry(self, Owner.thisProcess(), String.join(" ", command));
        Path file = directory.resolve(self.pid() + "-" + self.startMillis() + ".process");
        Path temp = Files.createTempFile(directory, ".note-", ".tmp");
        try {
            Files.writeString(temp, entry.toText(), StandardCharsets.UTF_8);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
        return file;
    }

    /** Drops a note; a note already gone is fine. */
    void forget(Path note) {
        try {
            Files.deleteIfExists(note);
        } catch (IOException e) {
            // left behind it is merely stale: the sweeper drops notes of processes that have ended
        }
    }

    /** Every note, with its file; unreadable files are skipped. */
    List<Noted> entries() throws IOException {
        List<Noted> result = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return result;
        }
        try (Stream<Path> files = Files.list(directory)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".process")).sorted().toList()) {
                try {
                    Entry.parse(Files.readString(f, StandardCharsets.UTF_8)).ifPresent(e -> result.add(new Noted(f, e)));
                } catch (IOException gone) {
                    // forgotten while we listed
                }
            }
        }
        return result;
    }

    /** A note and the file it is in. */
    record Noted(Path file, Entry entry) {
    }
}
