package io.gputraining.engine.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.gputraining.engine.testing.TestEnvironment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** An abort that reaches the thread while it connects to the daemon is reported as the abort it is. */
class DockerConnectInterruptTest {

    @AfterEach
    void clearInterrupt() {
        Thread.interrupted();
    }

    @Test
    void anInterruptedConnectSaysItWasInterruptedAndKeepsTheInterrupt() {
        DockerEndpoint endpoint = new DockerEndpoint(TestEnvironment.dockerHost(), false, null);

        Thread.currentThread().interrupt();
        Throwable thrown = catchThrowable(endpoint::connect);

        assertThat(thrown).isInstanceOf(DockerConnectInterruptedException.class)
                .hasMessage("Interrupted while connecting to the Docker daemon at " + TestEnvironment.dockerHost()
                        + " (the run was aborted); nothing was started.");
        assertThat(Thread.currentThread().isInterrupted()).isTrue();
    }
}
