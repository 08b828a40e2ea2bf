package io.gputraining.engine.docker;

import static io.gputraining.engine.docker.DockerTestSupport.uniqueOwner;
import static org.assertj.core.api.Assertions.assertThat;

import io.gputraining.engine.LogSink.OutputStreamKind;
import io.gputraining.engine.runtime.ContainerSession;
import io.gputraining.engine.runtime.ContainerSpec;
import io.gputraining.engine.runtime.ExecSpec;
import io.gputraining.engine.runtime.MarkedProcesses;
import io.gputraining.engine.testing.RecordingSink;
import io.gputraining.engine.testing.TestEnvironment;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Ending one build step's processes inside a container, found by the mark in their environment. */
class MarkedProcessesInContainerTest {

    @RegisterExtension
    static final TestDaemon DAEMON = new TestDaemon();

    private static CompletableFuture<Integer> background(ContainerSession session, Map<String, String> env, String script,
                                                         RecordingSink sink) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return session.exec(new ExecSpec(List.of("sh", "-c", script), env, null, null), sink);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static void awaitOutput(RecordingSink sink, String text) throws InterruptedException {
        for (int i = 0; i < 400 && !sink.text(OutputStreamKind.STDOUT).contains(text); i++) {
            Thread.sleep(25);
        }
        assertThat(sink.text(OutputStreamKind.STDOUT)).contains(text);
    }

    @Test
    void endsTheMarkedProcessesAndTheirChildrenAndLeavesTheOthers() throws Exception {
        try (ContainerSession session = DAEMON.runtime().start(ContainerSpec.builder(TestEnvironment.smallImage())
                .owner(uniqueOwner()).build(), new RecordingSink())) {
            RecordingSink marked = new RecordingSink();
            RecordingSink other = new RecordingSink();
            CompletableFuture<Integer> step = background(session, Map.of("JENKINS_SERVER_COOKIE", "durable-1"),
                    "sleep 300 & echo started; wait", marked);
            CompletableFuture<Integer> neighbour = background(session, Map.of("JENKINS_SERVER_COOKIE", "durable-2"),
                    "echo started; sleep 300", other);
            awaitOutput(marked, "started");
            awaitOutput(other, "started");

            List<String> killed = MarkedProcesses.kill(session, Map.of("JENKINS_SERVER_COOKIE", "durable-1"), Duration.ofSeconds(5));

            assertThat(killed).hasSize(2); // the shell and its sleep
            assertThat(step.get(30, TimeUnit.SECONDS)).isNotZero();
            assertThat(neighbour).isNotDone();
            RecordingSink ps = new RecordingSink();
            session.exec(ExecSpec.of("sh", "-c", "for p in " + String.join(" ", killed) + "; do [ -r /proc/$p/environ ]"
                    + " && tr '\\000' '\\n' < /proc/$p/environ | grep -q durable-1 && echo alive $p; done; echo checked"), ps);
            assertThat(ps.text(OutputStreamKind.STDOUT)).isEqualTo("checked\n");
        }
    }

    @Test
    void nothingMarkedMeansNothingEnded() throws Exception {
        try (ContainerSession session = DAEMON.runtime().start(ContainerSpec.builder(TestEnvironment.smallImage())
                .owner(uniqueOwner()).build(), new RecordingSink())) {
            assertThat(MarkedProcesses.kill(session, Map.of("JENKINS_SERVER_COOKIE", "durable-none"), Duration.ofSeconds(1))).isEmpty();
            assertThat(MarkedProcesses.kill(session, Map.of(), Duration.ofSeconds(1))).isEmpty();
        }
    }
}
