package io.gputraining.engine.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gputraining.engine.image.ImageId;
import io.gputraining.engine.image.ImageNotFoundException;
import io.gputraining.engine.image.ImageNotPinnedException;
import io.gputraining.engine.image.ImageRef;
import io.gputraining.engine.image.ImageRequest;
import io.gputraining.engine.image.InvalidPullPolicyException;
import io.gputraining.engine.image.LocalImageNotFoundException;
import io.gputraining.engine.image.LocalRegistryProcess;
import io.gputraining.engine.image.LocalTagUnverifiedException;
import io.gputraining.engine.image.ManifestDigestResolver;
import io.gputraining.engine.image.PreparedImage;
import io.gputraining.engine.image.PreparedImage.Origin;
import io.gputraining.engine.image.PullPolicy;
import io.gputraining.engine.testing.LocalTestImages;
import io.gputraining.engine.testing.RecordingSink;
import io.gputraining.engine.testing.TestEnvironment;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Images only the daemon has — built here, or loaded from a tar — under each pull policy, on the real daemon:
 * they run pinned to their image ID, and the log says which image ran and why.
 */
class LocalImagesTest {

    @RegisterExtension
    static final TestDaemon DAEMON = new TestDaemon();
    @RegisterExtension
    static final LocalTestImages IMAGES = new LocalTestImages();

    private static DockerImages images() {
        return new DockerImages(DAEMON.runtime().client(), ManifestDigestResolver.withDefaults());
    }

    private static PreparedImage ensure(ImageRequest request, RecordingSink log) throws InterruptedException {
        return images().ensure(request, log, p -> { });
    }

    @Test
    void aBuiltImageNamedOnARegistryThatCannotAnswerRunsPinnedToItsImageId() throws Exception {
        String name = IMAGES.name("built"); // on Docker Hub: unreachable here, and refused anonymously elsewhere
        String id = IMAGES.build(TestEnvironment.smallImage(), name);
        RecordingSink log = new RecordingSink();

        PreparedImage image = ensure(ImageRequest.of(name), log);

        assertThat(image.origin()).isEqualTo(Origin.LOCAL_ONLY);
        assertThat(image.pinned()).isEqualTo(new ImageId(id));
        assertThat(image.isLocal()).isTrue();
        assertThat(image.digest()).isNull();
        assertThat(image.daemonReference()).isEqualTo(id);
        assertThat(log.messages()).anySatisfy(m -> assertThat(m).contains("local-only").contains(id).contains("docker.io"));
    }

    @Test
    void aBuiltImageNamedInARegistryThatHasNoSuchTagRunsPinnedToItsImageId() throws Exception {
        String name = IMAGES.inTestRegistry("built");
        String id = IMAGES.build(TestEnvironment.smallImage(), name);
        RecordingSink log = new RecordingSink();

        PreparedImage image = ensure(ImageRequest.of(name), log);

        assertThat(image.origin()).isEqualTo(Origin.LOCAL_ONLY);
        assertThat(image.pinned()).isEqualTo(new ImageId(id));
        assertThat(log.messages()).anySatisfy(m -> assertThat(m).contains("local-only").contains("has no").contains(id));
    }

    @Test
    void aLoadedImageRunsPinnedToItsImageId() throws Exception {
        String name = IMAGES.name("loaded");
        String id = IMAGES.loaded(TestEnvironment.smallImage(), name);

        PreparedImage image = ensure(ImageRequest.of(name), new RecordingSink());

        assertThat(image.origin()).isEqualTo(Origin.LOCAL_ONLY);
        assertThat(image.imageId()).isEqualTo(id);
        assertThat(image.pinned()).isEqualTo(new ImageId(id));
    }

    @Test
    void requirePinnedRefusesALocalTagAndNamesItsImageIdAsThePin() throws Exception {
        String name = IMAGES.name("pinned");
        String id = IMAGES.build(TestEnvironment.smallImage(), name);

        assertThatThrownBy(() -> ensure(ImageRequest.builder(name).requirePinned(true).build(), new RecordingSink()))
                .isInstanceOfSatisfying(ImageNotPinnedException.class, e -> assertThat(e.suggestedPin()).isEqualTo(id))
                .hasMessageContaining("local-only").hasMessageContaining("Pin it as " + id);
    }

    @Test
    void requirePinnedAcceptsTheImageIdWithOrWithoutItsAlgorithm() throws Exception {
        String id = IMAGES.build(TestEnvironment.smallImage(), IMAGES.name("by-id"));

        PreparedImage full = ensure(ImageRequest.builder(id).requirePinned(true).build(), new RecordingSink());
        PreparedImage bare = ensure(ImageRequest.builder(id.substring("sha256:".length())).requirePinned(true)
                .pull(PullPolicy.NEVER).build(), new RecordingSink());

        assertThat(full.origin()).isEqualTo(Origin.PRESENT);
        assertThat(full.pinned()).isEqualTo(new ImageId(id)).isEqualTo(bare.pinned());
        assertThat(full.isLocal()).isTrue();
    }

    @Test
    void neverWithTheImageMissingFailsSayingThePolicyForbidsThePull() {
        String name = TestEnvironment.registry() + "/gpu-training/busybox-test:no-such-tag";

        assertThatThrownBy(() -> ensure(ImageRequest.builder(name).pull(PullPolicy.NEVER).build(), new RecordingSink()))
                .isInstanceOf(LocalImageNotFoundException.class)
                .hasMessageContaining("not in this Docker daemon").hasMessageContaining("'never'");
    }

    @Test
    void neverWithADigestTheDaemonLacksFailsInsteadOfPulling() {
        String absent = TestEnvironment.registry() + "/gpu-training/busybox-test@sha256:" + "0".repeat(64);

        assertThatThrownBy(() -> ensure(ImageRequest.builder(absent).pull(PullPolicy.NEVER).build(), new RecordingSink()))
                .isInstanceOf(LocalImageNotFoundException.class);
    }

    @Test
    void anImageIdThisDaemonLacksSaysToBuildOrLoadItHere() throws Exception {
        String id = IMAGES.build(TestEnvironment.smallImage(), IMAGES.name("gone"));
        IMAGES.remove(id);

        assertThatThrownBy(() -> ensure(ImageRequest.of(id), new RecordingSink()))
                .isInstanceOf(LocalImageNotFoundException.class)
                .hasMessageContaining(id).hasMessageContaining("docker load");
    }

    @Test
    void alwaysCannotPullAnImageId() throws Exception {
        String id = IMAGES.build(TestEnvironment.smallImage(), IMAGES.name("always-id"));

        assertThatThrownBy(() -> ensure(ImageRequest.builder(id).pull(PullPolicy.ALWAYS).build(), new RecordingSink()))
                .isInstanceOf(InvalidPullPolicyException.class).hasMessageContaining("'always'");
    }

    @Test
    void alwaysAsksTheRegistryEvenForABuiltImageAsDockerDoes() throws Exception {
        String name = IMAGES.inTestRegistry("built");
        IMAGES.build(TestEnvironment.smallImage(), name);

        assertThatThrownBy(() -> ensure(ImageRequest.builder(name).pull(PullPolicy.ALWAYS).build(), new RecordingSink()))
                .isInstanceOf(ImageNotFoundException.class);
    }

    @Test
    void missingRunsTheDaemonsTagWithoutAskingTheRegistry() throws Exception {
        String name = IMAGES.inTestRegistry("built");
        String id = IMAGES.build(TestEnvironment.smallImage(), name);
        RecordingSink log = new RecordingSink();

        PreparedImage image = ensure(ImageRequest.builder(name).pull(PullPolicy.MISSING).build(), log);

        assertThat(image.imageId()).isEqualTo(id);
        assertThat(image.origin()).isEqualTo(Origin.LOCAL_ONLY);
        assertThat(log.messages()).noneSatisfy(m -> assertThat(m).contains("Resolved"))
                .anySatisfy(m -> assertThat(m).contains("pull: missing"));
    }

    @Test
    void aTagTheDaemonPulledFromItsRegistryIsRunByThatDigestUnderNever() throws Exception {
        ImageRef tagged = ImageRef.parse(TestEnvironment.smallTagged());
        String digest = ImageRef.parse(TestEnvironment.smallImage()).digest();
        RecordingSink log = new RecordingSink();

        PreparedImage image = ensure(ImageRequest.builder(tagged).pull(PullPolicy.NEVER).build(), log);

        assertThat(image.origin()).isEqualTo(Origin.CACHED);
        assertThat(image.pinned()).isEqualTo(tagged.withDigest(digest));
        assertThat(image.isLocal()).isFalse();
        assertThat(log.messages()).anySatisfy(m -> assertThat(m).contains("pull: never").contains("may name newer content"));
    }

    @Test
    void aCopyPulledFromARegistryThatCannotAnswerNowIsRefusedByDefaultAndRunsWhenAskedFor(@TempDir Path dir) throws Exception {
        String name;
        String pushedAs;
        try (LocalRegistryProcess registry = LocalRegistryProcess.start(dir.resolve("registry"), dir.resolve("storage"), "", "")) {
            name = registry.hostPort() + "/gpu-training/stale:" + IMAGES.uniqueTag();
            IMAGES.build(TestEnvironment.smallImage(), name);
            String out = IMAGES.docker("push", name);
            pushedAs = out.substring(out.indexOf("digest: ") + "digest: ".length()).split("\\s")[0];
        } // the registry is gone: the daemon's copy can no longer be checked against the tag
        ImageRef pinned = ImageRef.parse(name).withDigest(pushedAs);

        assertThatThrownBy(() -> ensure(ImageRequest.of(name), new RecordingSink()))
                .isInstanceOf(LocalTagUnverifiedException.class)
                .hasMessageContaining("is unreachable").hasMessageContaining("pin it as " + pinned)
                .hasMessageContaining("pull: 'missing'");
        PreparedImage missing = ensure(ImageRequest.builder(name).pull(PullPolicy.MISSING).build(), new RecordingSink());
        PreparedImage byDigest = ensure(ImageRequest.of(pinned.toString()), new RecordingSink());
        assertThat(missing.origin()).isEqualTo(Origin.CACHED);
        assertThat(missing.pinned()).isEqualTo(pinned);
        assertThat(byDigest.origin()).isEqualTo(Origin.PRESENT);
    }
}
