package io.jenkins.plugins.gputraining;

import static org.junit.Assume.assumeNoException;
import static org.junit.Assume.assumeTrue;

import com.github.dockerjava.api.DockerClient;
import io.gputraining.engine.docker.DockerEndpoint;
import io.gputraining.engine.docker.DockerUnavailableException;
import java.io.IOException;

/**
 * Assumptions for tests that need the Docker daemon and the engine's test image: they are skipped, not
 * failed, where there is none (the image is named by {@code GT_TEST_TORCH_IMAGE}, as for the engine's tests).
 */
final class TestDocker {

    private TestDocker() {
    }

    /** The PyTorch test image, once a reachable daemon is confirmed; skips the test otherwise. */
    static String torchImage() {
        String image = System.getenv("GT_TEST_TORCH_IMAGE");
        assumeTrue("GT_TEST_TORCH_IMAGE names no test image", image != null && !image.isBlank());
        try (DockerClient client = DockerEndpoint.fromEnvironment().connect()) {
            return image;
        } catch (DockerUnavailableException | IOException e) {
            assumeNoException("no Docker daemon reachable", e);
            throw new AssertionError(e);
        }
    }
}
