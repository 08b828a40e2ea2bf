package io.gputraining.engine.docker;

import static io.gputraining.engine.docker.DockerTestSupport.uniqueOwner;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.HostConfig;
import io.gputraining.engine.runtime.ContainerSession;
import io.gputraining.engine.runtime.ContainerSpec;
import io.gputraining.engine.runtime.Labels;
import io.gputraining.engine.runtime.Mount;
import io.gputraining.engine.testing.RecordingSink;
import io.gputraining.engine.testing.TestEnvironment;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Every session test of {@link DockerContainerSessionTest}, on the rootful Podman service. */
class PodmanRootfulSessionTest extends DockerContainerSessionTest {

    @RegisterExtension
    static final TestDaemon PODMAN = TestDaemon.podmanRootful();

    @Override
    protected DockerRuntime runtime() {
        return PODMAN.runtime();
    }

    @Override
    protected String daemonHost() {
        return PODMAN.host();
    }

    /**
     * The same hardening as on Docker. Podman's inspect names ulimits as RLIMIT_*, and a rootful service's containers
     * carry open-files and process limits of the engine's choosing (Podman's own 1048576 needs CAP_SYS_RESOURCE).
     */
    @Test
    @Override
    void containersAreHardenedAndCarryOwnerLabels(@TempDir Path workspace) throws Exception {
        String owner = uniqueOwner();
        try (ContainerSession session = runtime().start(ContainerSpec.builder(TestEnvironment.smallImage())
                .mount(Mount.samePath(workspace.toString())).owner(owner).build(), new RecordingSink())) {
            InspectContainerResponse inspect = runtime().client().inspectContainerCmd(session.id()).exec();
            HostConfig host = inspect.getHostConfig();

            assertThat(host.getPrivileged()).isFalse();
            assertThat(host.getSecurityOpts()).contains("no-new-privileges");
            assertThat(host.getNetworkMode()).isEqualTo("none");
            assertThat(host.getBinds()).extracting(b -> b.getPath() + ":" + b.getVolume().getPath())
                    .containsExactly(workspace + ":" + workspace);
            assertThat(host.getShmSize()).isEqualTo(2L << 30);
            List<String> ulimits = java.util.Arrays.stream(host.getUlimits())
                    .map(u -> u.getName().toLowerCase(Locale.ROOT).replace("rlimit_", "")).toList();
            assertThat(ulimits).contains("stack");
            if (!runtime().daemon().rootless()) {
                assertThat(ulimits).contains("nofile", "nproc");
            }
            assertThat(inspect.getConfig().getLabels())
                    .containsEntry(Labels.MANAGED, "1")
                    .containsEntry(Labels.OWNER, owner)
                    .containsKey(Labels.OWNER_PROCESS);
        }
    }
}
