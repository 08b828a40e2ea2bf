package io.gputraining.engine.docker;

import static io.gputraining.engine.docker.DockerTestSupport.containersOf;
import static io.gputraining.engine.docker.DockerTestSupport.uniqueOwner;
import static org.assertj.core.api.Assertions.assertThat;

import io.gputraining.engine.runtime.ContainerSession;
import io.gputraining.engine.runtime.ContainerSpec;
import io.gputraining.engine.testing.RecordingSink;
import io.gputraining.engine.testing.TestEnvironment;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An abort that reaches a thread while it removes its container (the last step of every run and session,
 * the one the abort itself leads to): the removal request is cancelled, yet the container must go.
 */
class ContainerRemovalInterruptTest {

    private static final int TRIES = 16;

    private static DockerRuntime runtime;

    @BeforeAll
    static void connect() {
        runtime = DockerTestSupport.connect();
    }

    @AfterAll
    static void close() {
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    void anInterruptAtAnyMomentOfTheRemovalStillRemovesTheContainerAndKeepsTheInterrupt() throws Exception {
        long closeNanos = timeOfAClose();
        List<String> wrong = new ArrayList<>();
        for (int i = 0; i < TRIES; i++) {
            String owner = uniqueOwner();
            ContainerSession session = runtime.start(ContainerSpec.builder(TestEnvironment.smallImage()).owner(owner).build(),
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
            long until = System.nanoTime() + closeNanos * i / TRIES;
            while (System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            long interruptedAt = System.nanoTime();
            closer.interrupt();
            closer.join(60_000);
            // An interrupt delivered before close() returned must still be set after it (never swallowed).
            boolean flagLost = interruptedAt < returnedAt.get() && !flagAfter.get();
            if (thrown.get() != null || !containersOf(runtime, owner).isEmpty() || flagLost) {
                wrong.add("try " + i + ": thrown " + thrown.get() + ", left " + containersOf(runtime, owner).size()
                        + ", interrupt flag kept " + flagAfter.get());
            }
        }
        assertThat(wrong).isEmpty();
    }

    private static long timeOfAClose() throws Exception {
        ContainerSession session = runtime.start(ContainerSpec.builder(TestEnvironment.smallImage()).owner(uniqueOwner()).build(),
                new RecordingSink());
        long start = System.nanoTime();
        session.close();
        return System.nanoTime() - start;
    }
}
