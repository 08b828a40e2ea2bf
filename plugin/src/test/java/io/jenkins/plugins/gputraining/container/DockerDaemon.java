package io.jenkins.plugins.gputraining.container;

import static org.junit.Assume.assumeNoException;
import static org.junit.Assume.assumeTrue;

import io.gputraining.engine.docker.ContainerSweeper;
import io.gputraining.engine.docker.DockerEndpoint;
import io.gputraining.engine.docker.DockerRuntime;
import java.util.List;

/** The Docker daemon the tests' built-in node uses (the same as the plugin's: from the environment). */
final class DockerDaemon {

    private DockerDaemon() {
    }

    /** Skips the test unless a daemon answers and {@code GT_TEST_TORCH_IMAGE} names a PyTorch image; returns it. */
    static String assumeTorchImage() {
        try (DockerRuntime runtime = DockerRuntime.connect(DockerEndpoint.fromEnvironment())) {
            runtime.client().pingCmd().exec();
        } catch (RuntimeException e) {
            assumeNoException("no Docker daemon reachable", e);
        }
        String image = System.getenv("GT_TEST_TORCH_IMAGE");
        assumeTrue("GT_TEST_TORCH_IMAGE names the PyTorch image to test with", image != null && !image.isBlank());
        return image;
    }

    /** Ids of our containers labelled with this owner (a build URL), running or not. */
    static List<String> containersOf(String owner) {
        try (DockerRuntime runtime = DockerRuntime.connect(DockerEndpoint.fromEnvironment())) {
            return new ContainerSweeper(runtime.client()).list().stream()
                    .filter(c -> owner.equals(c.owner()))
                    .map(ContainerSweeper.ManagedContainer::id)
                    .toList();
        }
    }
}
