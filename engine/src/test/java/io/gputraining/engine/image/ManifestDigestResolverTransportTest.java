package io.gputraining.engine.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Failures below HTTP: nobody listening, a registry that never answers, an interrupted caller. */
class ManifestDigestResolverTransportTest {

    @Test
    void reportsAClosedPortAsUnreachableWithHostPortAndCause() throws Exception {
        int closedPort = LocalRegistryProcess.freeLoopbackPort();
        ImageRef ref = ImageRef.parse("127.0.0.1:" + closedPort + "/gt/tiny:v1");

        assertThatThrownBy(() -> ManifestDigestResolver.withDefaults().resolve(ref, Optional.empty()))
                .isInstanceOf(RegistryUnreachableException.class)
                .hasMessageStartingWith("Registry at 127.0.0.1:" + closedPort + " is unreachable: connection refused")
                .hasMessageContaining("Check that the registry is running")
                .hasCauseInstanceOf(ConnectException.class)
                .extracting(e -> ((RegistryUnreachableException) e).hostPort()).isEqualTo("127.0.0.1:" + closedPort);
    }

    @Test
    void reportsARegistryThatNeverAnswersAsUnreachableAfterTheRequestTimeout() throws Exception {
        try (SilentServer silent = new SilentServer()) {
            ManifestDigestResolver resolver = ManifestDigestResolver.builder().requestTimeout(Duration.ofSeconds(1)).build();
            long start = System.nanoTime();

            assertThatThrownBy(() -> resolver.resolve(ImageRef.parse(silent.hostPort() + "/gt/tiny:v1"), Optional.empty()))
                    .isInstanceOf(RegistryUnreachableException.class)
                    .hasMessageContaining("no answer to /v2/gt/tiny/manifests/v1 within 1s");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        }
    }

    @Test
    void answersInterruptByCancellingTheRequestAndThrowingInterruptedException() throws Exception {
        try (SilentServer silent = new SilentServer()) {
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            Thread caller = new Thread(() -> {
                try {
                    ManifestDigestResolver.withDefaults().resolve(ImageRef.parse(silent.hostPort() + "/gt/tiny:v1"), Optional.empty());
                } catch (Throwable t) {
                    thrown.set(t);
                }
            });
            caller.start();
            assertThat(silent.requestReceived().await(10, TimeUnit.SECONDS)).as("request reached the server").isTrue();

            caller.interrupt();
            caller.join(5000);

            assertThat(caller.isAlive()).as("resolver still blocked after interrupt").isFalse();
            assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
            assertThat(silent.clientClosed().await(5, TimeUnit.SECONDS)).as("connection closed by cancellation").isTrue();
        }
    }

    @Test
    void throwsInterruptedExceptionAtOnceWhenCalledInterrupted() throws Exception {
        try (SilentServer silent = new SilentServer()) {
            CompletableFuture<Throwable> outcome = CompletableFuture.supplyAsync(() -> {
                Thread.currentThread().interrupt();
                try {
                    ManifestDigestResolver.withDefaults().resolve(ImageRef.parse(silent.hostPort() + "/gt/tiny:v1"), Optional.empty());
                    return null;
                } catch (Throwable t) {
                    return t;
                } finally {
                    Thread.interrupted();
                }
            });

            assertThat(outcome.get(5, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
        }
    }
}
