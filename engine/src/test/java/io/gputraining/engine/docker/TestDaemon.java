package io.gputraining.engine.docker;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The provisioned Docker daemon for one test class, as {@code @RegisterExtension static final TestDaemon DAEMON}:
 * a runtime connected before the first test and closed after the last.
 */
public final class TestDaemon implements BeforeAllCallback, AfterAllCallback {

    private DockerRuntime runtime;

    @Override
    public void beforeAll(ExtensionContext context) {
        runtime = DockerTestSupport.connect();
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
}
