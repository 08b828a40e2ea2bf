package io.jenkins.plugins.gputraining;

import static org.junit.Assert.fail;

import hudson.model.Run;
import io.gputraining.engine.docker.ContainerSweeper;
import io.gputraining.engine.docker.DockerEndpoint;
import io.gputraining.engine.docker.DockerRuntime;
import java.util.List;
import java.util.Map;
import org.junit.AssumptionViolatedException;

/**
 * The real components the plugin's tests use, as {@code scripts/testenv-up} provisions them and
 * {@code source .testenv/env} announces them: the Docker daemon ({@code DOCKER_HOST}), the PyTorch test image
 * and the local registry. A missing one fails the test under {@code CI=true} (CI provisions everything, so a
 * gap there is a bug) and skips it elsewhere, with the command that provisions it, as the engine's
 * {@code TestEnvironment} does. The variables must be in the test JVM's environment, not only in the file:
 * Jenkins hands the JVM's environment to builds, and that is where the steps find the daemon.
 */
public final class TestComponents {

    static final String PROVISION = "Run scripts/testenv-up, then `source .testenv/env` before Maven.";

    private TestComponents() {
    }

    /** The PyTorch test image pinned by digest, once a daemon answered. */
    public static String torchImage() {
        requireDaemon();
        return variable("GT_TEST_TORCH_IMAGE", "the PyTorch test image pinned by digest");
    }

    /** The same image by tag, in the local registry. */
    public static String torchTagged() {
        requireDaemon();
        return variable("GT_TEST_TORCH_TAGGED", "the PyTorch test image by tag");
    }

    /** A small image with a shell (busybox) pinned by digest, for what needs no Python. */
    public static String smallImage() {
        requireDaemon();
        return variable("GT_TEST_SMALL_IMAGE", "the small test image pinned by digest");
    }

    /** The rootful Podman service's socket, once it answered ({@code unix:///run/podman/podman.sock}). */
    public static String podmanHost() {
        String host = variable("GT_TEST_PODMAN_HOST", "the rootful Podman service's socket");
        String problem = null;
        try (DockerRuntime runtime = DockerRuntime.connect(new DockerEndpoint(host, false, null))) {
            runtime.client().pingCmd().exec();
        } catch (RuntimeException e) {
            problem = e.getMessage();
        }
        requirePresent(problem == null, "the rootful Podman service answering at " + host + " (" + problem + ")", System.getenv());
        return host;
    }

    /** The local registry as {@code 127.0.0.1:PORT}. */
    public static String registry() {
        return variable("GT_TEST_REGISTRY", "the local test registry");
    }

    /** Ids of our containers of this build, running or not (the owner label is its absolute URL). */
    public static List<String> containersOf(Run<?, ?> build) {
        return containersOf(build.getAbsoluteUrl());
    }

    /** Ids of our containers labelled with this owner (a build URL), running or not. */
    public static List<String> containersOf(String owner) {
        try (DockerRuntime runtime = DockerRuntime.connect(DockerEndpoint.fromEnvironment())) {
            return new ContainerSweeper(runtime.client()).list().stream()
                    .filter(c -> owner.equals(c.owner()))
                    .map(ContainerSweeper.ManagedContainer::id)
                    .toList();
        }
    }

    /** Removes a container as a person or a cleanup job would, behind the plugin's back. */
    public static void removeContainer(String id) {
        try (DockerRuntime runtime = DockerRuntime.connect(DockerEndpoint.fromEnvironment())) {
            runtime.client().removeContainerCmd(id).withForce(true).exec();
        }
    }

    private static void requireDaemon() {
        String problem = null;
        try (DockerRuntime runtime = DockerRuntime.connect(DockerEndpoint.fromEnvironment())) {
            runtime.client().pingCmd().exec();
        } catch (RuntimeException e) {
            problem = e.getMessage();
        }
        requirePresent(problem == null, "a Docker daemon answering at DOCKER_HOST (" + problem + ")", System.getenv());
    }

    private static String variable(String name, String description) {
        String value = System.getenv(name);
        requirePresent(value != null && !value.isBlank(), description + " (" + name + ")", System.getenv());
        return value;
    }

    /**
     * Returns when {@code present}; otherwise fails the test where {@code environment} has {@code CI=true},
     * else skips it.
     */
    static void requirePresent(boolean present, String what, Map<String, String> environment) {
        if (present) {
            return;
        }
        String message = "Missing test component: " + what + ". " + PROVISION;
        if ("true".equalsIgnoreCase(environment.get("CI"))) {
            fail(message + " CI=true: every test component must be provisioned.");
        }
        throw new AssumptionViolatedException(message);
    }
}
