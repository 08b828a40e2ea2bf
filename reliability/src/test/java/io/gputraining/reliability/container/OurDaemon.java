package io.gputraining.reliability.container;

import io.gputraining.engine.docker.DockerRuntime;
import io.gputraining.engine.docker.TestDaemon;
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

    private final TestDaemon daemon = new TestDaemon();
    private OurContainers containers;

    @Override
    public void beforeAll(ExtensionContext context) {
        daemon.beforeAll(context);
        containers = new OurContainers(daemon.runtime().client());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        daemon.afterAll(context);
    }

    public DockerRuntime runtime() {
        return daemon.runtime();
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
