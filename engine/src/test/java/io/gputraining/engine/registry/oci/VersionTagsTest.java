package io.gputraining.engine.registry.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class VersionTagsTest {

    @Test
    void theFirstVersionIsOne() {
        assertThat(VersionTags.next(List.of())).isEqualTo(1);
    }

    @Test
    void theNextVersionFollowsTheHighestNumberIgnoringOtherTags() {
        assertThat(VersionTags.next(List.of("1", "10", "9", "production", "idem-0123456789abcdef", "v11", "011"))).isEqualTo(11);
    }

    @Test
    void listsTheNewestVersionsNumericallyNotAlphabetically() {
        assertThat(VersionTags.newestVersions(List.of("2", "10", "9", "1", "latest"), 3)).containsExactly("10", "9", "2");
    }

    @Test
    void theIdempotencyTagIsAStableShortHashOfTheKey() {
        // echo -n build-42 | sha256sum → 9bf1b5433aade46f7da23e241669eca2…
        assertThat(VersionTags.idempotencyTag("build-42")).isEqualTo("idem-9bf1b5433aade46f");
        assertThat(VersionTags.idempotencyTag("build-42")).isNotEqualTo(VersionTags.idempotencyTag("build-43"));
    }

    @Test
    void refusesAnAliasThatIsNotATag() {
        assertThatThrownBy(() -> VersionTags.checkAlias("-prod")).isInstanceOf(InvalidOciNameException.class)
                .hasMessageContaining("is not an OCI tag");
    }

    @Test
    void refusesAnAliasThatWouldPassForAnIdempotencyTag() {
        assertThatThrownBy(() -> VersionTags.checkAlias("idem-1")).isInstanceOf(InvalidOciNameException.class);
    }

    @Test
    void aBlankAliasMeansNone() {
        assertThat(VersionTags.checkAlias(" ")).isNull();
    }

    @Test
    void acceptsAPlainAlias() {
        assertThat(VersionTags.checkAlias("production")).isEqualTo("production");
    }
}
