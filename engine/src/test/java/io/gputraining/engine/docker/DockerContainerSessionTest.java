package io.gputraining.engine.docker;

import static io.gputraining.engine.docker.DockerTestSupport.containersOf;
import static io.gputraining.engine.docker.DockerTestSupport.uniqueOwner;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.HostConfig;
import io.gputraining.engine.LogSink.OutputStreamKind;
import io.gputraining.engine.runtime.ContainerSession;
import io.gputraining.engine.runtime.ContainerSpec;
import io.gputraining.engine.runtime.ExecSpec;
import io.gputraining.engine.runtime.FileToCopy;
import io.gputraining.engine.runtime.Labels;
import io.gputraining.engine.runtime.Mount;
import io.gputraining.engine.testing.RecordingSink;
import io.gputraining.engine.testing.TestEnvironment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The long-lived container + exec mode that block steps use. */
class DockerContainerSessionTest {

    private static final int REMOVAL_TRIES = 16;

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
    void execsRunOneAfterAnotherInTheSameContainer() throws Exception {
        try (ContainerSession session = runtime().start(ContainerSpec.builder(TestEnvironment.smallImage())
                .env("FROM_SPEC", "spec").owner(uniqueOwner()).build(), new RecordingSink())) {
            RecordingSink sink = new RecordingSink();

            int first = session.exec(ExecSpec.of("sh", "-c", "echo state > /tmp/kept"), sink);
            int second = session.exec(new ExecSpec(List.of("sh", "-c", "cat /tmp/kept; echo $FROM_SPEC $FROM_EXEC; exit 7"),
                    Map.of("FROM_EXEC", "exec"), null, null), sink);

            assertThat(first).isZero();
            assertThat(second).isEqualTo(7);
            assertThat(sink.text(OutputStreamKind.STDOUT)).isEqualTo("state\nspec exec\n");
        }
    }

    @Test
    void interruptDuringAnExecThrowsAndClosingTheSessionLeavesNoContainer() throws Exception {
        String owner = uniqueOwner();
        ContainerSession session = runtime().start(ContainerSpec.builder(TestEnvironment.smallImage()).owner(owner).build(), new RecordingSink());
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        RecordingSink sink = new RecordingSink();
        Thread body = new Thread(() -> {
            try {
                session.exec(ExecSpec.of("sh", "-c", "echo started; sleep 120"), sink);
            } catch (Throwable t) {
                thrown.set(t);
            } finally {
                session.close(); // what a block step does on its way out
            }
        });
        body.start();
        for (int i = 0; i < 200 && !sink.text(OutputStreamKind.STDOUT).contains("started"); i++) {
            Thread.sleep(25);
        }

        body.interrupt();
        body.join(30_000);

        assertThat(body.isAlive()).isFalse();
        assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
        assertThat(containersOf(runtime(), owner)).isEmpty();
    }

    @Test
    void closeRemovesTheContainerAndIsIdempotent() throws Exception {
        String owner = uniqueOwner();
        ContainerSession session = runtime().start(ContainerSpec.builder(TestEnvironment.smallImage()).owner(owner).build(), new RecordingSink());
        assertThat(containersOf(runtime(), owner)).hasSize(1);

        session.close();
        session.close();

        assertThat(containersOf(runtime(), owner)).isEmpty();
        assertThatThrownBy(() -> session.exec(ExecSpec.of("true"), new RecordingSink())).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void containersAreHardenedAndCarryOwnerLabels(@TempDir Path workspace) throws Exception {
        String owner = uniqueOwner();
        RecordingSink log = new RecordingSink();
        try (ContainerSession session = runtime().start(ContainerSpec.builder(TestEnvironment.smallImage())
                .mount(Mount.samePath(workspace.toString())).owner(owner).build(), log)) {
            InspectContainerResponse inspect = runtime().client().inspectContainerCmd(session.id()).exec();
            HostConfig host = inspect.getHostConfig();

            assertThat(host.getPrivileged()).isFalse();
            assertThat(host.getSecurityOpts()).contains("no-new-privileges");
            assertThat(host.getNetworkMode()).isEqualTo("none");
            assertThat(host.getBinds()).extracting(b -> b.getPath() + ":" + b.getVolume().getPath())
                    .containsExactly(workspace + ":" + workspace);
            assertThat(host.getShmSize()).isEqualTo(2L << 30);
            // memlock=-1 is what NVIDIA recommends; a daemon whose own hard limit is lower refuses it, and the
            // runtime then starts without it and says so (this machine's dockerd is such a daemon).
            boolean memlockRefused = log.messages().stream().anyMatch(m -> m.contains("ulimit 'memlock'"));
            assertThat(host.getUlimits()).extracting(u -> u.getName() + "=" + u.getSoftLong() + "/" + u.getHardLong())
                    .containsExactlyInAnyOrderElementsOf(memlockRefused
                            ? List.of("stack=67108864/67108864")
                            : List.of("memlock=-1/-1", "stack=67108864/67108864"));
            assertThat(inspect.getConfig().getLabels())
                    .containsEntry(Labels.MANAGED, "1")
                    .containsEntry(Labels.OWNER, owner)
                    .containsKey(Labels.OWNER_PROCESS);
        }
    }

    @Test
    void copiesADirectoryOutOfTheContainer(@TempDir Path target) throws Exception {
        try (ContainerSession session = runtime().start(ContainerSpec.builder(TestEnvironment.smallImage())
                .owner(uniqueOwner()).build(), new RecordingSink())) {
            session.exec(ExecSpec.of("sh", "-c", "mkdir -p /out/sub && echo model > /out/model.bin && echo m > /out/sub/metrics.json"),
                    new RecordingSink());

            session.copyOut("/out", target);

            assertThat(Files.readString(target.resolve("out/model.bin"))).isEqualTo("model\n");
            assertThat(Files.readString(target.resolve("out/sub/metrics.json"))).isEqualTo("m\n");
        }
    }

    @Test
    void copiesAFileInCreatingItsParentsAndLeavingExistingDirectoriesAsTheyWere() throws Exception {
        try (ContainerSession session = DAEMON.runtime().start(ContainerSpec.builder(TestEnvironment.smallImage())
                .owner(uniqueOwner()).build(), new RecordingSink())) {
            session.copyIn(new FileToCopy("/tmp/agent tmp/jenkins1.sh", "echo from the agent\n".getBytes(StandardCharsets.UTF_8), 0640));
            RecordingSink sink = new RecordingSink();

            int exit = session.exec(ExecSpec.of("sh", "-c", "sh '/tmp/agent tmp/jenkins1.sh'; stat -c '%a' '/tmp/agent tmp/jenkins1.sh' /tmp"), sink);

            assertThat(exit).isZero();
            assertThat(sink.text(OutputStreamKind.STDOUT)).isEqualTo("from the agent\n640\n1777\n");
        }
    }

    @Test
    void copyingAMissingPathSaysWhatWasMissing(@TempDir Path target) throws Exception {
        try (ContainerSession session = runtime().start(ContainerSpec.builder(TestEnvironment.smallImage())
                .owner(uniqueOwner()).build(), new RecordingSink())) {
            assertThatThrownBy(() -> session.copyOut("/no/such/path", target))
                    .isInstanceOf(ContainerFailedException.class)
                    .hasMessageContaining("/no/such/path");
        }
    }

    @Test
    void execOfAMissingProgramFailsClearly() throws Exception {
        try (ContainerSession session = runtime().start(ContainerSpec.builder(TestEnvironment.smallImage())
                .owner(uniqueOwner()).build(), new RecordingSink())) {
            RecordingSink sink = new RecordingSink();
            int code;
            try {
                code = session.exec(ExecSpec.of("/no/such/program"), sink);
            } catch (ContainerFailedException e) {
                assertThat(e).hasMessageContaining("/no/such/program");
                return;
            }
            // Daemons of some versions report a failed exec as exit status 126/127 instead.
            assertThat(code).isIn(126, 127);
        }
    }

    /**
     * An abort that reaches a thread while it removes its container (the last step of every run and session,
     * the one the abort itself leads to): the removal request is cancelled, yet the container must go.
     */
    @Test
    void anInterruptAtAnyMomentOfTheRemovalStillRemovesTheContainerAndKeepsTheInterrupt() throws Exception {
        long closeNanos = timeOfAClose();
        List<String> wrong = new ArrayList<>();
        for (int i = 0; i < REMOVAL_TRIES; i++) {
            String owner = uniqueOwner();
            ContainerSession session = runtime().start(ContainerSpec.builder(TestEnvironment.smallImage()).owner(owner).build(),
                    new RecordingSink());
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            AtomicBoolean flagAfter = new AtomicBoolean();
            AtomicLong returnedAt = new AtomicLong();
            Thread closer = new Thread(() -> {
                try {
                    session.close();
                } catch (Throwable t) {
                    thrown.set(t);
                }
                returnedAt.set(System.nanoTime());
                flagAfter.set(Thread.currentThread().isInterrupted());
            });
            closer.start();
            long until = System.nanoTime() + closeNanos * i / REMOVAL_TRIES;
            while (System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            long interruptedAt = System.nanoTime();
            closer.interrupt();
            closer.join(60_000);
            // An interrupt delivered before close() returned must still be set after it (never swallowed).
            boolean flagLost = interruptedAt < returnedAt.get() && !flagAfter.get();
            if (thrown.get() != null || !containersOf(runtime(), owner).isEmpty() || flagLost) {
                wrong.add("try " + i + ": thrown " + thrown.get() + ", left " + containersOf(runtime(), owner).size()
                        + ", interrupt flag kept " + flagAfter.get());
            }
        }
        assertThat(wrong).isEmpty();
    }

    private long timeOfAClose() throws Exception {
        ContainerSession session = runtime().start(ContainerSpec.builder(TestEnvironment.smallImage()).owner(uniqueOwner()).build(),
                new RecordingSink());
        long start = System.nanoTime();
        session.close();
        return System.nanoTime() - start;
    }
}
