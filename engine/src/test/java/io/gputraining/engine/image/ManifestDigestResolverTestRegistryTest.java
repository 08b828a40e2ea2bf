package io.gputraining.engine.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Against the project's local test registry (scripts/testenv-up), where {@code docker push} stored the
 * small test image: the tag must resolve to the digest Docker recorded for that push.
 */
class ManifestDigestResolverTestRegistryTest {

    // Read directly until io.gputraining.engine.testing.TestEnvironment is on this branch; then use
    // TestEnvironment.registry(), smallTagged(), smallImage(), which also read .testenv/env.
    private static String required(String variable) {
        String value = System.getenv(variable);
        TestPrerequisite.require(value != null && !value.isEmpty(),
                variable + " (source .testenv/env after scripts/testenv-up)");
        return value;
    }

    private final ManifestDigestResolver resolver = ManifestDigestResolver.withDefaults();

    @Test
    void resolvesTheSmallImageTagToTheDigestDockerPushRecorded() throws Exception {
        ImageRef tagged = ImageRef.parse(required("GT_TEST_SMALL_TAGGED"));
        ImageRef pinned = ImageRef.parse(required("GT_TEST_SMALL_IMAGE"));

        assertThat(tagged.registry()).isEqualTo(required("GT_TEST_REGISTRY"));
        assertThat(resolver.resolve(tagged, Optional.empty())).isEqualTo(pinned.digest());
    }

    @Test
    void reportsAnUnknownTagInTheTestRegistryAsNotFound() {
        ImageRef tagged = ImageRef.parse(required("GT_TEST_SMALL_TAGGED"));
        ImageRef missing = new ImageRef(tagged.registry(), tagged.repository(), "no-such-tag-0", null);

        assertThatThrownBy(() -> resolver.resolve(missing, Optional.empty()))
                .isInstanceOf(ImageNotFoundException.class)
                .hasMessageContaining("tag no-such-tag-0 does not exist in " + tagged.repository() + " at " + tagged.registry());
    }
}
