package io.gputraining.engine.docker;

import io.gputraining.engine.image.ImageRequest;
import io.gputraining.engine.image.ManifestDigestResolver;
import io.gputraining.engine.testing.RecordingSink;
import io.gputraining.engine.testing.TestEnvironment;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A provisioned daemon for one test class, as {@code @RegisterExtension static final TestDaemon DAEMON}: a runtime
 * connected before the first test and closed after the last. Docker by default; {@link #podmanRootful()} and
 * {@link #podmanRootless()} are the Podman services {@code scripts/testenv-up} starts, whose storage is not
 * Docker's: the test images are pulled into it first, by digest, through the engine's own pull.
 */
public final class TestDaemon implements BeforeAllCallback, AfterAllCallback {

    private final String name;
    private final Supplier<String> host;
    private final boolean pullTestImages;
    private DockerRuntime runtime;

    /** The provisioned Docker daemon. */
    public TestDaemon() {
        this("docker", TestEnvironment::dockerHost, false);
    }

    private TestDaemon(String name, Supplier<String> host, boolean pullTestImages) {
        this.name = name;
        this.host = host;
        this.pullTestImages = pullTestImages;
    }

    /** Podman's rootful service. */
    public static TestDaemon podmanRootful() {
        return new TestDaemon("podman (rootful)", TestEnvironment::podmanHost, true);
    }

    /** The test user's rootless Podman service. */
    public static TestDaemon podmanRootless() {
        return new TestDaemon("podman (rootless)", TestEnvironment::podmanRootlessHost, true);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        runtime = DockerRuntime.connect(new DockerEndpoint(host.get(), false, null));
        if (pullTestImages) {
            DockerImages images = new DockerImages(runtime.client(), ManifestDigestResolver.withDefaults());
            try {
                for (String image : new String[] {TestEnvironment.smallImage(), TestEnvironment.torchImage()}) {
                    images.ensure(ImageRequest.of(image), new RecordingSink(), p -> { });
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while pulling the test images into " + name, e);
            }
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (runtime != null) {
            runtime.close();
        }
    }

    /** The connected runtime; only between the class's first and last test. */
    public DockerRuntime runtime() {
        return runtime;
    }

    /** The daemon's address, as the tests' child processes take it. */
    public String host() {
        return host.get();
    }

    @Override
    public String toString() {
        return name;
    }
}
