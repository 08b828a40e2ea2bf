package io.gputraining.engine.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gputraining.engine.testing.RecordCopies;
import org.junit.jupiter.api.Test;

/** The pull policy's words, as a Jenkinsfile, the CLI or a configuration file write them. */
class PullPolicyTest {

    @Test
    void docker_sWordsMeanDocker_sPolicies() {
        assertThat(PullPolicy.parse("missing")).isEqualTo(PullPolicy.MISSING);
        assertThat(PullPolicy.parse("always")).isEqualTo(PullPolicy.ALWAYS);
        assertThat(PullPolicy.parse("Never")).isEqualTo(PullPolicy.NEVER);
        assertThat(PullPolicy.parse(" newer ")).isEqualTo(PullPolicy.NEWER);
    }

    @Test
    void nothingGivenIsTheDefaultWhichResolvesTagsAtTheRegistry() {
        assertThat(PullPolicy.parse(null)).isEqualTo(PullPolicy.DEFAULT).isEqualTo(PullPolicy.NEWER);
        assertThat(PullPolicy.parse("")).isEqualTo(PullPolicy.DEFAULT);
        assertThat(ImageRequest.of("busybox").pull()).isEqualTo(PullPolicy.DEFAULT);
    }

    @Test
    void anyOtherWordIsRefusedNamingTheFour() {
        assertThatThrownBy(() -> PullPolicy.parse("if-not-present"))
                .isInstanceOf(InvalidPullPolicyException.class)
                .hasMessageContaining("'if-not-present'").hasMessageContaining("missing, always, never, newer");
    }

    @Test
    void anImageRequestCopiedThroughItsBuilderOrTheChannelKeepsEverySetting() {
        ImageRequest request = ImageRequest.builder("127.0.0.1:5000/pt:1").requirePinned(true).pull(PullPolicy.NEVER)
                .auth(RegistryAuth.bearerToken("t0k3n")).build();
        ImageRequest defaults = ImageRequest.builder("127.0.0.1:5000/other:2").build(); // the reference differs too

        RecordCopies.assertCopyKeepsEveryComponent(request, defaults, r -> r.toBuilder().build());
        RecordCopies.assertCopyKeepsEveryComponent(request, defaults, RecordCopies::serializedAndBack);
    }
}
