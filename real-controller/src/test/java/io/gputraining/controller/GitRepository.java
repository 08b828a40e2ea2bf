package io.gputraining.controller;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A local git repository made with the git command line, which the controller checks out by its file URL. */
final class GitRepository {

    private final Path directory;

    private GitRepository(Path directory) {
        this.directory = directory;
    }

    /** An empty repository in {@code directory} whose first branch is {@code branch}. */
    static GitRepository init(Path directory, String branch) throws IOException, InterruptedException {
        Files.createDirectories(directory);
        GitRepository repository = new GitRepository(directory);
        repository.git("init", "--quiet", "--initial-branch", branch);
        return repository;
    }

    Path directory() {
        return directory;
    }

    /** {@code file:///…}, as a team's Jenkins job would name a remote. */
    String url() {
        return directory.toUri().toString();
    }

    /** Commits everything in the work tree on the current branch; returns the commit. */
    String commitAll(String message) throws IOException, InterruptedException {
        git("add", "--all");
        git("-c", "user.name=Example Team", "-c", "user.email=team@example.invalid", "-c", "commit.gpgsign=false",
                "commit", "--quiet", "-m", message);
        return git("rev-parse", "HEAD");
    }

    /** The commit the current branch points at. */
    String head() throws IOException, InterruptedException {
        return git("rev-parse", "HEAD");
    }

    void checkoutNewBranch(String branch) throws IOException, InterruptedException {
        git("checkout", "--quiet", "-b", branch);
    }

    private String git(String... args) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of("git", "-C", directory.toString()));
        argv.addAll(List.of(args));
        Process git = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!git.waitFor(60, TimeUnit.SECONDS) || git.exitValue() != 0) {
            throw new IOException("git " + String.join(" ", args) + " failed: " + out);
        }
        return out;
    }
}
