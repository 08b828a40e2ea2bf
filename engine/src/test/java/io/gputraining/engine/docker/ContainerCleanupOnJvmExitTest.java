package io.gputraining.engine.docker;

import static io.gputraining.engine.docker.DockerTestSupport.containersOf;
import static io.gputraining.engine.docker.DockerTestSupport.uniqueOwner;
import static org.assertj.core.api.Assertions.assertThat;

import io.gputraining.engine.testing.TestEnvironment;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What a dying JVM leaves behind: nothing after SIGTERM; after SIGKILL, nothing once the sweeper ran. */
class ContainerCleanupOnJvmExitTest {

    @RegisterExtension
    static final TestDaemon DAEMON = new TestDaemon();

    /** The runtime under test; the Podman classes that extend this one run the same tests on their service. */
    protected DockerRuntime runtime() {
        return DAEMON.runtime();
    }

    /** The address of {@link #runtime()}'s daemon. */
    protected String daemonHost() {
        return DAEMON.host();
    }

    @Test
    void sigtermOfTheOwningJvmRemovesItsContainer() throws Exception {
        String owner = uniqueOwner();
        Process child = startHolder(owner);

        child.destroy(); // SIGTERM: shutdown hooks run
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(containersOf(runtime(), owner)).isEmpty();
    }

    @Test
    void sigkillLeavesAContainerThatTheSweeperRemoves() throws Exception {
        String owner = uniqueOwner();
        String survivorOwner = uniqueOwner();
        Process child = startHolder(owner);
        Process liveChild = startHolder(survivorOwner);
        try {
            child.destroyForcibly(); // SIGKILL: no hook runs
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
            List<String> orphans = containersOf(runtime(), owner).stream().map(c -> c.getId()).toList();
            assertThat(orphans).hasSize(1);

            List<String> removed = new ContainerSweeper(runtime().client()).sweepOrphans();

            assertThat(containersOf(runtime(), owner)).isEmpty();
            // Other killed processes on a shared daemon may have left orphans too; the sweeper rightly takes them as well.
            assertThat(removed).containsAll(orphans);
            assertThat(containersOf(runtime(), survivorOwner)).as("a live owner's container stays").hasSize(1);
        } finally {
            liveChild.destroy();
            liveChild.waitFor(60, TimeUnit.SECONDS);
        }
    }

    private Process startHolder(String owner) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                SessionHolderMain.class.getName(), daemonHost(), TestEnvironment.smallImage(), owner)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        assertThat(line).as("child JVM started its container").startsWith("started ");
        return child;
    }
}
