package io.gputraining.engine.artifacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ArtifactPatternTest {

    private static boolean matches(String pattern, String path) {
        return ArtifactPattern.parse(pattern).matchers().stream().anyMatch(m -> m.matches(Path.of(path)));
    }

    @Test
    void doubleStarSegmentAlsoMatchesNoDirectory() {
        assertThat(matches("checkpoints/**/*.pt", "checkpoints/a.pt")).isTrue();
        assertThat(matches("checkpoints/**/*.pt", "checkpoints/x/y/a.pt")).isTrue();
        assertThat(matches("checkpoints/**/*.pt", "other/a.pt")).isFalse();
    }

    @Test
    void singleStarStaysInOneDirectory() {
        assertThat(matches("*.pt", "a.pt")).isTrue();
        assertThat(matches("*.pt", "sub/a.pt")).isFalse();
    }

    @Test
    void trailingSlashMeansEverythingBelow() {
        ArtifactPattern p = ArtifactPattern.parse("./checkpoints/");
        assertThat(p.glob()).isEqualTo("checkpoints/**");
        assertThat(matches("checkpoints/", "checkpoints/deep/er/a.bin")).isTrue();
    }

    @Test
    void walkStartsAtTheLiteralPrefix() {
        Path root = Path.of("/r");
        assertThat(ArtifactPattern.parse("out/checkpoints/*.pt").start(root)).isEqualTo(Path.of("/r/out/checkpoints"));
        assertThat(ArtifactPattern.parse("out/checkpoints/*.pt").depth()).isEqualTo(1);
        assertThat(ArtifactPattern.parse("**/*.pt").start(root)).isEqualTo(root);
        assertThat(ArtifactPattern.parse("**/*.pt").depth()).isEqualTo(Integer.MAX_VALUE);
        assertThat(ArtifactPattern.parse("metrics.json").literal()).isTrue();
    }

    @Test
    void dotDotSegmentIsRefusedNamingThePattern() {
        assertThatThrownBy(() -> ArtifactPattern.parse("checkpoints/../../etc/passwd"))
                .isInstanceOf(InvalidArtifactPatternException.class)
                .hasMessageContaining("'checkpoints/../../etc/passwd'")
                .hasMessageContaining("'..'");
        assertThatThrownBy(() -> ArtifactPattern.parse("../*.pt")).isInstanceOf(InvalidArtifactPatternException.class);
    }

    @Test
    void absolutePatternIsRefused() {
        assertThatThrownBy(() -> ArtifactPattern.parse("/etc/*"))
                .isInstanceOf(InvalidArtifactPatternException.class)
                .hasMessageContaining("'/etc/*'")
                .hasMessageContaining("absolute");
    }

    @Test
    void emptyPatternIsRefused() {
        assertThatThrownBy(() -> ArtifactPattern.parse("  ")).isInstanceOf(InvalidArtifactPatternException.class)
                .hasMessageContaining("empty");
    }

    @Test
    void invalidGlobIsRefusedWhenParsed() {
        assertThatThrownBy(() -> ArtifactPattern.parse("checkpoints/[a-"))
                .isInstanceOf(InvalidArtifactPatternException.class)
                .hasMessageContaining("not a valid glob");
    }
}
