package io.gputraining.reliability.container;

import io.gputraining.engine.docker.DockerRuntime;
import io.gputraining.engine.docker.DockerTestSupport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The provisioned Docker daemon for one test class ({@code @RegisterExtension static}): a runtime connected
 * before the first test and closed after the last, and the view of our containers on it.
 */
public final class OurDaemon implements BeforeAllCallback, AfterAllCallback {

    private DockerRuntime runtime;
    private OurContainers containers;

    @Override
    public void beforeAll(ExtensionContext context) {
        runtime = DockerTestSupport.connect();
        containers = new OurContainers(runtime.client());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (runtime != null) {
            runtime.close();
        }
    }

    public DockerRuntime runtime() {
        return runtime;
    }

    public OurContainers containers() {
        return containers;
    }

    /** A workspace directory the container's user (the caller's uid:gid) can read and the training write. */
    public static Path workspace(Path parent, String name) throws IOException {
        Path ws = Files.createDirectories(parent.resolve(name));
        Files.setPosixFilePermissions(ws, PosixFilePermissions.fromString("rwxr-xr-x"));
        return ws;
    }
}
