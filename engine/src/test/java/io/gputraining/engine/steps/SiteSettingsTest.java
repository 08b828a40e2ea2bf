package io.gputraining.engine.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gputraining.engine.image.ImageRequest;
import io.gputraining.engine.image.InvalidPullPolicyException;
import io.gputraining.engine.image.PullPolicy;
import org.junit.jupiter.api.Test;

/** The one mapping of every step's image parameters, under what the administrator set for all of them. */
class SiteSettingsTest {

    private static final String IMAGE = "train:42";

    private static SiteSettings site(boolean requirePinned, String pull) {
        return SiteSettings.builder().requirePinned(requirePinned).pull(pull).build();
    }

    @Test
    void aStepsOwnPullPolicyWinsOverTheSitesDefault() {
        assertThat(site(false, "never").imageRequest(IMAGE, false, "always").pull()).isEqualTo(PullPolicy.ALWAYS);
    }

    @Test
    void aStepThatNamesNoPolicyGetsTheSitesAndWithoutOneTheEnginesDefault() {
        assertThat(site(false, "never").imageRequest(IMAGE, false, null).pull()).isEqualTo(PullPolicy.NEVER);
        assertThat(site(false, " ").imageRequest(IMAGE, false, "").pull()).isEqualTo(PullPolicy.DEFAULT);
        assertThat(SiteSettings.defaults().imageRequest(IMAGE, false, null)).isEqualTo(ImageRequest.of(IMAGE));
    }

    @Test
    void theSiteCanRequirePinningWhateverTheStepSays() {
        assertThat(site(true, null).imageRequest(IMAGE, false, null).requirePinned()).isTrue();
        assertThat(site(false, null).imageRequest(IMAGE, true, null).requirePinned()).isTrue();
        assertThat(site(false, null).imageRequest(IMAGE, false, null).requirePinned()).isFalse();
    }

    @Test
    void aWordThatIsNoPolicyIsRefusedNamingTheWords() {
        assertThatThrownBy(() -> site(false, null).imageRequest(IMAGE, false, "IfNotPresent"))
                .isInstanceOf(InvalidPullPolicyException.class).hasMessageContaining("missing, always, never, newer");
    }
}
