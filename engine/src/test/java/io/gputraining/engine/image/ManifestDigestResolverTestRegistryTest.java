package io.gputraining.engine.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gputraining.engine.testing.TestEnvironment;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Against the project's local test registry (scripts/testenv-up), where {@code docker push} stored the
 * small test image: the tag must resolve to the digest Docker recorded for that push.
 */
class ManifestDigestResolverTestRegistryTest {

    private final ManifestDigestResolver resolver = ManifestDigestResolver.withDefaults();

    @Test
    void resolvesTheSmallImageTagToTheDigestDockerPushRecorded() throws Exception {
        ImageRef tagged = ImageRef.parse(TestEnvironment.smallTagged());
        ImageRef pinned = ImageRef.parse(TestEnvironment.smallImage());

        assertThat(tagged.registry()).isEqualTo(TestEnvironment.registry());
        assertThat(resolver.resolve(tagged, Optional.empty())).isEqualTo(pinned.digest());
    }

    @Test
    void reportsAnUnknownTagInTheTestRegistryAsNotFound() {
        ImageRef tagged = ImageRef.parse(TestEnvironment.smallTagged());
        ImageRef missing = new ImageRef(tagged.registry(), tagged.repository(), "no-such-tag-0", null);

        assertThatThrownBy(() -> resolver.resolve(missing, Optional.empty()))
                .isInstanceOf(ImageNotFoundException.class)
                .hasMessageContaining("tag no-such-tag-0 does not exist in " + tagged.repository() + " at " + tagged.registry());
    }
}
