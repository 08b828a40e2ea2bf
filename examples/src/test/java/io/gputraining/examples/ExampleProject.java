package io.gputraining.examples;

import io.gputraining.examples.pipeline.GitSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A team's repository as the examples expect it, made with git for a test: this repository's
 * {@code examples/train.py}, the unit tests in {@code tests/} (from the test resources) and the Jenkinsfile,
 * committed on a branch. What {@code checkout scm} clones and {@code GIT_COMMIT} names.
 */
public final class ExampleProject {

    private final Path directory;

    private ExampleProject(Path directory) {
        this.directory = directory;
    }

    /** The repository in {@code directory}, with its files committed on {@code branch}. */
    static ExampleProject create(Path directory, String branch) throws IOException, InterruptedException {
        Path root = sourceRoot();
        Files.createDirectories(directory.resolve("examples"));
        Files.createDirectories(directory.resolve("tests"));
        Files.copy(root.resolve("examples/train.py"), directory.resolve("examples/train.py"));
        Files.copy(root.resolve("Jenkinsfile.example"), directory.resolve("Jenkinsfile"));
        try (var test = ExampleProject.class.getResourceAsStream("/example-project/tests/test_train.py")) {
            Files.copy(test, directory.resolve("tests/test_train.py"), StandardCopyOption.REPLACE_EXISTING);
        }
        ExampleProject project = new ExampleProject(directory);
        project.git("init", "--quiet", "--initial-branch", branch);
        project.git("add", ".");
        project.git("-c", "user.name=Example Team", "-c", "user.email=team@example.invalid", "commit", "--quiet", "-m", "tiny regressor");
        return project;
    }

    /** This checkout's root (where Jenkinsfile.example is), found from the module's directory. */
    public static Path sourceRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("Jenkinsfile.example"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("Jenkinsfile.example not found above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    GitSource source(String branch) {
        return new GitSource(directory.toString(), branch);
    }

    String head() throws IOException, InterruptedException {
        return git("rev-parse", "HEAD");
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
