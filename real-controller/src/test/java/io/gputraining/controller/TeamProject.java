package io.gputraining.controller;

import io.gputraining.engine.testing.TestEnvironment;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A team's repository as the examples expect it: this checkout's {@code examples/train.py}, the unit tests in
 * {@code tests/} (a test resource) and {@code Jenkinsfile.example} as its {@code Jenkinsfile}, committed on a
 * branch. What {@code checkout scm} clones and {@code GIT_COMMIT} names.
 */
final class TeamProject {

    private TeamProject() {
    }

    /** The repository {@code name} under the layout's repositories, its files committed on {@code branch}. */
    static GitRepository create(ControllerLayout layout, String name, String branch) throws IOException, InterruptedException {
        GitRepository repository = GitRepository.init(layout.repositories().resolve(name), branch);
        Path directory = repository.directory();
        Files.createDirectories(directory.resolve("examples"));
        Files.createDirectories(directory.resolve("tests"));
        Files.copy(layout.sourceRoot().resolve("examples/train.py"), directory.resolve("examples/train.py"));
        Files.copy(layout.sourceRoot().resolve("Jenkinsfile.example"), directory.resolve("Jenkinsfile"));
        try (InputStream test = TeamProject.class.getResourceAsStream("/example-project/tests/test_train.py")) {
            Files.copy(test, directory.resolve("tests/test_train.py"));
        }
        repository.commitAll("tiny regressor");
        return repository;
    }

    /** The digest part of the test image's pinned reference. */
    static String torchImageDigest() {
        String image = TestEnvironment.torchImage();
        return image.substring(image.indexOf('@') + 1);
    }
}
