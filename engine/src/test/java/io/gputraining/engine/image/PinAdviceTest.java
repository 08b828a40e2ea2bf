package io.gputraining.engine.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.gputraining.engine.image.PinAdvice.Verdict;
import io.gputraining.engine.testing.TestEnvironment;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What a form says about an image reference, with the real test registry answering (or, on purpose, not). */
class PinAdviceTest {

    private static final Optional<ManifestDigestResolver> RESOLVER = Optional.of(ManifestDigestResolver.builder()
            .connectTimeout(Duration.ofSeconds(2)).requestTimeout(Duration.ofSeconds(2)).build());

    @Test
    void aTagTheRegistryServesGetsTheDigestToPin() {
        String tagged = TestEnvironment.smallTagged();
        String digest = TestEnvironment.smallImage().substring(TestEnvironment.smallImage().indexOf('@') + 1);

        PinAdvice advice = PinAdvice.of(tagged, RESOLVER, PinAdvice.DEFAULT_BUDGET);

        assertThat(advice.verdict()).isEqualTo(Verdict.TAG);
        assertThat(advice.pinned()).isEqualTo(tagged + "@" + digest);
        assertThat(advice.message()).contains("write " + tagged + "@" + digest);
    }

    @Test
    void aPinnedReferenceOrAnImageIdAsksNoRegistry() {
        assertThat(PinAdvice.of(TestEnvironment.smallImage(), Optional.empty(), PinAdvice.DEFAULT_BUDGET).verdict())
                .isEqualTo(Verdict.PINNED);
        assertThat(PinAdvice.of("sha256:" + "c".repeat(64), Optional.empty(), PinAdvice.DEFAULT_BUDGET).message())
                .contains("runs only on agents whose daemon built or loaded it");
    }

    @Test
    void anInvalidReferenceSaysWhy() {
        PinAdvice advice = PinAdvice.of("Pytorch/PyTorch:latest", RESOLVER, PinAdvice.DEFAULT_BUDGET);

        assertThat(advice.verdict()).isEqualTo(Verdict.INVALID);
        assertThat(advice.message()).isNotBlank();
    }

    @Test
    void aTagTheRegistryDoesNotHaveIsStillATagAndSaysSo() {
        PinAdvice advice = PinAdvice.of(TestEnvironment.registry() + "/gpu-training/no-such-image:1", RESOLVER, PinAdvice.DEFAULT_BUDGET);

        assertThat(advice.verdict()).isEqualTo(Verdict.TAG);
        assertThat(advice.pinned()).isNull();
        assertThat(advice.message()).contains("no such tag");
    }

    @Test
    void aRegistryThatNeverAnswersIsGivenUpOnWithinTheBudget() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try (Socket held = silent.accept()) {
                    Thread.sleep(30_000);
                } catch (Exception ignored) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            Optional<ManifestDigestResolver> slow = Optional.of(ManifestDigestResolver.builder()
                    .requestTimeout(Duration.ofSeconds(30)).build());

            long started = System.nanoTime();
            PinAdvice advice = PinAdvice.of("127.0.0.1:" + silent.getLocalPort() + "/pt:1", slow, Duration.ofMillis(800));
            long tookMs = (System.nanoTime() - started) / 1_000_000;

            assertThat(advice.verdict()).isEqualTo(Verdict.TAG);
            assertThat(advice.message()).contains("did not answer within");
            assertThat(tookMs).isLessThan(5_000);
        }
    }

    @Test
    void withoutAResolverATagIsJudgedOnItsText() {
        PinAdvice advice = PinAdvice.of("pytorch/pytorch:2.5.1-cuda12.4-cudnn9-runtime", Optional.empty(), PinAdvice.DEFAULT_BUDGET);

        assertThat(advice.verdict()).isEqualTo(Verdict.TAG);
        assertThat(advice.message()).contains("--require-pinned");
    }
}
