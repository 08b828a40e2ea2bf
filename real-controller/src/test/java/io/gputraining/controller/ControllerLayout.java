package io.gputraining.controller;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where things are for the controller: the war and the plugins Maven put under {@code target/} (system
 * properties set by the POM), its working directory, where screenshots go, and this checkout's root.
 *
 * @param war         {@code jenkins.war} from the Jenkins repository
 * @param plugins     the built plugin and its dependency plugins, as {@code .jpi} files
 * @param work        the controller's home, the agent's directory, the git repositories and the logs
 * @param screenshots the build pages as PNG files
 * @param sourceRoot  this checkout's root (where {@code Jenkinsfile.example} is)
 */
record ControllerLayout(Path war, Path plugins, Path work, Path screenshots, Path sourceRoot) {

    static ControllerLayout fromSystemProperties() {
        return new ControllerLayout(property("controller.war"), property("controller.plugins"), property("controller.work"),
                property("controller.screenshots"), findSourceRoot());
    }

    /** The directory of the local registry {@code scratch}: on the agent, which is this machine. */
    Path scratchRegistry() {
        return work.resolve("scratch-registry");
    }

    Path repositories() {
        return work.resolve("repositories");
    }

    private static Path property(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + name + " is not set: run these tests with Maven "
                    + "(scripts/jenkins-mvn -Pjenkins -pl real-controller -am verify), which sets it");
        }
        return Path.of(value).toAbsolutePath();
    }

    private static Path findSourceRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("Jenkinsfile.example"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("Jenkinsfile.example not found above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}
