package io.gputraining.engine.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** What users may give as an image: a name, or an image ID with or without its algorithm. */
class ImageReferenceTest {

    private static final String HEX = "94014bfcd296" + "0123456789abcdef".repeat(3) + "0123";

    @Test
    void aFullImageIdIsAnImageIdAndPinned() {
        ImageReference withAlgorithm = ImageReference.parse("sha256:" + HEX);
        ImageReference bare = ImageReference.parse(HEX);

        assertThat(withAlgorithm).isEqualTo(new ImageId("sha256:" + HEX)).isEqualTo(bare);
        assertThat(withAlgorithm.isPinned()).isTrue();
        assertThat(withAlgorithm.daemonReference()).isEqualTo("sha256:" + HEX);
        assertThat(((ImageId) withAlgorithm).shortId()).isEqualTo("94014bfcd296");
    }

    @Test
    void aNameIsAnImageRefPinnedOnlyWithADigest() {
        assertThat(ImageReference.parse("gpu-host/pytorch:1")).isEqualTo(ImageRef.parse("gpu-host/pytorch:1"));
        assertThat(ImageReference.parse("gpu-host/pytorch:1").isPinned()).isFalse();
        assertThat(ImageReference.parse("gpu-host/pytorch@sha256:" + HEX).isPinned()).isTrue();
    }

    @Test
    void aShortIdIsReadAsANameSinceOnlyAFullIdPinsContent() {
        assertThat(ImageReference.parse("94014bfcd296")).isInstanceOf(ImageRef.class);
    }

    @Test
    void anImageIdInUpperCaseIsRefusedWithHowToPrintItAndOneOfOtherLengthIsAName() {
        assertThatThrownBy(() -> new ImageId("sha256:" + HEX.toUpperCase()))
                .isInstanceOf(InvalidImageReferenceException.class).hasMessageContaining("{{.Id}}");
        assertThat(ImageReference.parse("sha256:" + HEX.substring(1))).as("a name 'sha256' with a tag, as Docker reads it")
                .isInstanceOf(ImageRef.class);
    }
}
