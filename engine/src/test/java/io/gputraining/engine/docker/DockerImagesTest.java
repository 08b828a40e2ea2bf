package io.gputraining.engine.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gputraining.engine.ProgressListener.Progress;
import io.gputraining.engine.image.ImageDigestNotFoundException;
import io.gputraining.engine.image.ImageNotFoundException;
import io.gputraining.engine.image.ImageNotPinnedException;
import io.gputraining.engine.image.ImageRef;
import io.gputraining.engine.image.ImageRequest;
import io.gputraining.engine.image.ManifestDigestResolver;
import io.gputraining.engine.image.PreparedImage;
import io.gputraining.engine.testing.RecordingSink;
import io.gputraining.engine.testing.TestEnvironment;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Pinning and pulling over the real registry protocol, from the local test registry. */
class DockerImagesTest {

    private static DockerRuntime runtime;
    private static DockerImages images;

    @BeforeAll
    static void connect() {
        runtime = DockerTestSupport.connect();
        images = new DockerImages(runtime.client(), ManifestDigestResolver.withDefaults());
    }

    @AfterAll
    static void close() {
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    void anAbortWhileCheckingForTheImageIsAnInterruptNotADaemonError() {
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> images.ensure(ImageRequest.of(TestEnvironment.smallImage()), new RecordingSink(), p -> { }))
                    .isInstanceOf(InterruptedException.class);
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void pullsAPinnedImageByDigestWithProgressThenNeverPullsItAgain() throws Exception {
        String pinned = UniqueImage.pushedAndRemovedLocally(runtime.client(), TestEnvironment.registry(), 3 << 20);
        List<Progress> progress = new CopyOnWriteArrayList<>();
        RecordingSink log = new RecordingSink();

        PreparedImage first = images.ensure(ImageRequest.of(pinned), log, progress::add);
        PreparedImage second = images.ensure(ImageRequest.of(pinned), new RecordingSink(), p -> progress.add(null));

        assertThat(first.pulled()).isTrue();
        assertThat(first.bytesDownloaded()).isGreaterThan(3L << 20);
        assertThat(first.digest()).isEqualTo(ImageRef.parse(pinned).digest());
        assertThat(progress).anySatisfy(p -> assertThat(p.status()).isEqualTo("Downloading"));
        assertThat(log.messages()).anySatisfy(m -> assertThat(m).startsWith("Pulled ").contains("1 layers"));
        assertThat(second.pulled()).isFalse();
        assertThat(second.bytesDownloaded()).isZero();
        assertThat(second.imageId()).isEqualTo(first.imageId());
        assertThat(progress).doesNotContainNull();
        runtime.client().removeImageCmd(first.imageId()).withForce(true).exec();
    }

    @Test
    void presentPinnedImageIsNotPulled() throws Exception {
        PreparedImage image = images.ensure(ImageRequest.of(TestEnvironment.torchImage()), new RecordingSink(), p -> {
            throw new AssertionError("no progress expected for a present image: " + p);
        });

        assertThat(image.pulled()).isFalse();
        assertThat(image.bytesDownloaded()).isZero();
        assertThat(image.daemonReference()).isEqualTo(ImageRef.parse(TestEnvironment.torchImage()).daemonReference());
    }

    @Test
    void aTagIsResolvedToTheDigestTheRegistryServesAndRecordedWithIt() throws Exception {
        RecordingSink log = new RecordingSink();

        PreparedImage image = images.ensure(ImageRequest.of(TestEnvironment.smallTagged()), log, p -> { });

        String expected = ImageRef.parse(TestEnvironment.smallImage()).digest();
        assertThat(image.digest()).isEqualTo(expected);
        assertThat(image.pinned()).isEqualTo(ImageRef.parse(TestEnvironment.smallTagged()).withDigest(expected));
        assertThat(log.messages()).anySatisfy(m -> assertThat(m).contains("Resolved").contains(expected));
    }

    @Test
    void requirePinnedRefusesATagAndPrintsTheDigestToPinIt() {
        ImageRef tagged = ImageRef.parse(TestEnvironment.smallTagged());
        String digest = ImageRef.parse(TestEnvironment.smallImage()).digest();

        assertThatThrownBy(() -> images.ensure(ImageRequest.builder(tagged).requirePinned(true).build(), new RecordingSink(), p -> { }))
                .isInstanceOfSatisfying(ImageNotPinnedException.class, e -> assertThat(e.resolvedDigest()).isEqualTo(digest))
                .hasMessageContaining("Pin it as " + tagged.withDigest(digest));
    }

    @Test
    void aDigestTheRegistryDoesNotHaveIsReportedAsSuch() {
        String missing = TestEnvironment.registry() + "/gpu-training/busybox-test@sha256:" + "0".repeat(64);

        assertThatThrownBy(() -> images.ensure(ImageRequest.of(missing), new RecordingSink(), p -> { }))
                .isInstanceOf(ImageDigestNotFoundException.class)
                .hasMessageContaining("sha256:" + "0".repeat(64))
                .hasMessageContaining(TestEnvironment.registry());
    }

    @Test
    void anUnknownTagIsReportedWithTheRepository() {
        String missing = TestEnvironment.registry() + "/gpu-training/busybox-test:no-such-tag";

        assertThatThrownBy(() -> images.ensure(ImageRequest.of(missing), new RecordingSink(), p -> { }))
                .isInstanceOf(ImageNotFoundException.class)
                .hasMessageContaining("no-such-tag");
    }
}
