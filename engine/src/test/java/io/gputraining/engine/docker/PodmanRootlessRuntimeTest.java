package io.gputraining.engine.docker;

import static io.gputraining.engine.docker.DockerTestSupport.uniqueOwner;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gputraining.engine.runtime.ContainerSpec;
import io.gputraining.engine.runtime.Mount;
import io.gputraining.engine.runtime.RunResult;
import io.gputraining.engine.testing.RecordingSink;
import io.gputraining.engine.testing.TestEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every one-shot run test of {@link DockerRuntimeTest} (through {@link PodmanRootfulRuntimeTest}'s Podman
 * variants), on the rootless Podman service of the unprivileged test user.
 */
class PodmanRootlessRuntimeTest extends PodmanRootfulRuntimeTest {

    @RegisterExtension
    static final TestDaemon ROOTLESS = TestDaemon.podmanRootless();

    @Override
    protected DockerRuntime runtime() {
        return ROOTLESS.runtime();
    }

    @Override
    protected String daemonHost() {
        return ROOTLESS.host();
    }

    @Test
    void theDaemonIsKnownAsRootlessWithItsUser() {
        assertThat(runtime().daemon().rootless()).isTrue();
        assertThat(runtime().daemon().serviceUser()).isEqualTo(TestEnvironment.podmanRootlessUser());
        assertThat(runtime().describe()).contains("rootless");
    }

    /**
     * Rootless, the files a container writes into the workspace belong to the service's user ({@code keep-id}),
     * whatever uid the caller named: no other host user is the rootless service's to write as.
     */
    @Test
    @Override
    void mountsTheWorkspaceAtTheSamePathAndWritesFilesAsTheGivenUser(@TempDir Path workspace) throws Exception {
        Files.setPosixFilePermissions(workspace, PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.writeString(workspace.resolve("input.txt"), "from the host");
        String ws = workspace.toString();
        String[] user = TestEnvironment.podmanRootlessUser().split(":");

        RunResult result = runtime().run(ContainerSpec.builder(TestEnvironment.smallImage())
                .command("sh", "-c", "cat input.txt > copy.txt && id -u > uid.txt && pwd > pwd.txt")
                .mount(Mount.samePath(ws)).workingDir(ws).user("4242:4343")
                .owner(uniqueOwner()).build(), new RecordingSink());

        assertThat(result.exitCode()).isZero();
        assertThat(Files.readString(workspace.resolve("copy.txt"))).isEqualTo("from the host");
        assertThat(Files.readString(workspace.resolve("pwd.txt")).strip()).isEqualTo(ws);
        assertThat(Files.readString(workspace.resolve("uid.txt")).strip()).isEqualTo(user[0]);
        assertThat(Files.getAttribute(workspace.resolve("copy.txt"), "unix:uid")).isEqualTo(Integer.parseInt(user[0]));
        assertThat(Files.getAttribute(workspace.resolve("copy.txt"), "unix:gid")).isEqualTo(Integer.parseInt(user[1]));
    }

    /** Rootless on cgroup v1 a container gets no memory cgroup: a limit Podman would drop is refused instead. */
    @Test
    void aMemoryLimitThatCannotBeKeptIsRefusedBeforeAnythingRuns() {
        org.junit.jupiter.api.Assumptions.assumeFalse(runtime().daemon().canLimitMemory(), "this host has cgroup v2");
        assertThatThrownBy(() -> runtime().run(ContainerSpec.builder(TestEnvironment.smallImage()).command("true")
                .memoryBytes(256L << 20).owner(uniqueOwner()).build(), new RecordingSink()))
                .isInstanceOf(ContainerSettingRefusedException.class)
                .hasMessageContaining("cgroup v1")
                .hasMessageContaining("rootful");
    }
}
