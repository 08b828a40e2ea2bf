package io.gputraining.engine.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The output directory of one run, created with the parents it needs, which remembers what it created: a run
 * that fails before its script wrote anything takes its empty directories away again, so that a refused or
 * failed run leaves the workspace as it was. Whatever the script wrote stays, for the user to look at.
 */
final class RunDirectory {

    private final Path path;
    private final Deque<Path> created = new ArrayDeque<>();

    private RunDirectory(Path path) {
        this.path = path;
    }

    /** Creates {@code path} and its missing parents. */
    static RunDirectory create(Path path) {
        RunDirectory dir = new RunDirectory(path);
        Deque<Path> missing = new ArrayDeque<>();
        for (Path p = path; p != null && !Files.exists(p); p = p.getParent()) {
            missing.push(p);
        }
        try {
            for (Path p : missing) {
                Files.createDirectory(p);
                dir.created.push(p);
            }
        } catch (IOException e) {
            dir.removeIfEmpty();
            throw new UncheckedIOException("Cannot create the output directory " + path + ": " + e.getMessage()
                    + ". Check that the workspace is writable by this user.", e);
        }
        return dir;
    }

    Path path() {
        return path;
    }

    /** Removes the directories this run created, innermost first, as long as they are empty. */
    void removeIfEmpty() {
        while (!created.isEmpty()) {
            try {
                Files.delete(created.pop());
            } catch (DirectoryNotEmptyException e) {
                return;
            } catch (IOException e) {
                return; // best effort: the run's error is what the user needs to see
            }
        }
    }
}
