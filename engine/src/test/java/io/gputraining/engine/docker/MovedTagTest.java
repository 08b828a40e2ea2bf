package io.gputraining.engine.docker;

import static org.assertj.core.api.Assertions.assertThat;

import io.gputraining.engine.image.ImageRef;
import io.gputraining.engine.image.ImageRequest;
import io.gputraining.engine.image.ManifestDigestResolver;
import io.gputraining.engine.image.PreparedImage;
import io.gputraining.engine.image.PreparedImage.Origin;
import io.gputraining.engine.image.PullPolicy;
import io.gputraining.engine.testing.LocalTestImages;
import io.gputraining.engine.testing.RecordingSink;
import io.gputraining.engine.testing.TestEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A tag moved in the registry while the daemon still has the old content under it: {@code missing} and
 * {@code never} run the daemon's (Docker's meaning), {@code always} and the default {@code newer} run the
 * registry's, and {@code always} pulls even what is present, as Docker does.
 */
class MovedTagTest {

    @RegisterExtension
    static final TestDaemon DAEMON = new TestDaemon();
    @RegisterExtension
    static final LocalTestImages IMAGES = new LocalTestImages();

    private String tag;
    private String oldId;
    private String oldDigest;
    private String newId;
    private String newDigest;

    /** old pushed as TAG, then new pushed as TAG; the daemon's TAG back on old, and new removed from the daemon. */
    @BeforeEach
    void moveTheTagInTheRegistryOnly() throws Exception {
        tag = IMAGES.inTestRegistry("moving");
        oldId = IMAGES.build(TestEnvironment.smallImage(), tag);
        oldDigest = pushed(tag);
        newId = IMAGES.build(TestEnvironment.smallImage(), tag);
        newDigest = pushed(tag);
        IMAGES.tag(oldId, tag);
        IMAGES.remove(newId);
    }

    private static String pushed(String name) throws Exception {
        String out = IMAGES.docker("push", name);
        String digest = out.substring(out.indexOf("digest: ") + "digest: ".length()).split("\\s")[0];
        assertThat(digest).startsWith("sha256:");
        return digest;
    }

    private static PreparedImage ensure(String name, PullPolicy pull) throws InterruptedException {
        return new DockerImages(DAEMON.runtime().client(), ManifestDigestResolver.withDefaults())
                .ensure(ImageRequest.builder(name).pull(pull).build(), new RecordingSink(), p -> { });
    }

    @Test
    void missingAndNeverRunTheDaemonsOldContentPinnedByTheDigestItWasPushedAs() throws Exception {
        PreparedImage missing = ensure(tag, PullPolicy.MISSING);
        PreparedImage never = ensure(tag, PullPolicy.NEVER);

        assertThat(missing.imageId()).isEqualTo(oldId).isEqualTo(never.imageId());
        assertThat(missing.origin()).isEqualTo(Origin.CACHED);
        assertThat(missing.pinned()).isEqualTo(ImageRef.parse(tag).withDigest(oldDigest));
    }

    @Test
    void theDefaultRunsWhatTheTagNamesNowAndLeavesTheDaemonsTagAlone() throws Exception {
        PreparedImage newer = ensure(tag, PullPolicy.DEFAULT);

        assertThat(newer.origin()).isEqualTo(Origin.PULLED);
        assertThat(newer.imageId()).isEqualTo(newId);
        assertThat(newer.digest()).isEqualTo(newDigest);
        assertThat(ensure(tag, PullPolicy.MISSING).imageId()).isEqualTo(oldId);
    }

    @Test
    void alwaysAsksTheRegistryEveryTimeAndMovesTheDaemonsTagAsDockerPullDoes() throws Exception {
        long asked = registryAskedFor(tag);
        PreparedImage first = ensure(tag, PullPolicy.ALWAYS);
        long afterFirst = registryAskedFor(tag);
        PreparedImage second = ensure(tag, PullPolicy.ALWAYS);
        long afterSecond = registryAskedFor(tag);
        PreparedImage missing = ensure(tag, PullPolicy.MISSING);

        assertThat(first.origin()).isEqualTo(Origin.PULLED);
        assertThat(first.imageId()).isEqualTo(newId);
        assertThat(first.bytesDownloaded()).isPositive();
        assertThat(second.origin()).isEqualTo(Origin.PULLED);
        assertThat(second.bytesDownloaded()).isZero();
        assertThat(afterFirst).isGreaterThan(asked);
        assertThat(afterSecond).as("always asked the registry again").isGreaterThan(afterFirst);
        assertThat(registryAskedFor(tag)).as("missing did not ask it").isEqualTo(afterSecond);
        assertThat(missing.imageId()).isEqualTo(newId);
    }

    /** How often the test registry was asked for the manifest of {@code name}'s tag (its access log). */
    private static long registryAskedFor(String name) throws IOException {
        ImageRef ref = ImageRef.parse(name);
        Path log = Path.of(TestEnvironment.registryDataDir()).resolveSibling("registry.log");
        TestEnvironment.requirePresent(Files.isReadable(log), "the test registry's log " + log);
        String request = " /v2/" + ref.repository() + "/manifests/" + ref.tag() + " HTTP";
        try (var lines = Files.lines(log)) {
            return lines.filter(l -> l.contains(request)).count();
        }
    }
}
