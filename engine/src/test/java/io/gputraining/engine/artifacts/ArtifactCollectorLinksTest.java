package io.gputraining.engine.artifacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gputraining.engine.ProgressListener;
import io.gputraining.engine.testing.RecordingSink;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactCollectorLinksTest {

    @TempDir
    Path base;

    private Path root;
    private Path outside;
    private FileTree tree;
    private final RecordingSink log = new RecordingSink();

    @BeforeEach
    void writeTrees() throws Exception {
        root = base.resolve("output");
        outside = base.resolve("elsewhere");
        tree = new FileTree(root);
        tree.file("checkpoints/step-2.pt", "weights at step 2");
        new FileTree(outside).file("secret.key", "not for a registry");
    }

    private List<ArtifactFile> collect(String... patterns) throws InterruptedException {
        return new ArtifactCollector().collect(root, List.of(patterns), log, ProgressListener.ignoring());
    }

    @Test
    void fileLinkLeadingOutsideTheRootIsRefused() throws Exception {
        tree.link("checkpoints/leak.pt", outside.resolve("secret.key"));
        assertThatThrownBy(() -> collect("**"))
                .isInstanceOf(ArtifactOutsideRootException.class)
                .hasMessageContaining("'checkpoints/leak.pt'")
                .hasMessageContaining(outside.toRealPath().resolve("secret.key").toString())
                .satisfies(e -> assertThat(((ArtifactOutsideRootException) e).path()).isEqualTo("checkpoints/leak.pt"));
    }

    @Test
    void relativeFileLinkClimbingOutOfTheRootIsRefused() throws Exception {
        tree.link("up.key", Path.of("../elsewhere/secret.key"));
        assertThatThrownBy(() -> collect("*.key")).isInstanceOf(ArtifactOutsideRootException.class)
                .hasMessageContaining("'up.key'");
    }

    @Test
    void directoryLinkLeadingOutsideTheRootIsRefused() throws Exception {
        tree.link("data", outside);
        assertThatThrownBy(() -> collect("**"))
                .isInstanceOf(ArtifactOutsideRootException.class)
                .hasMessageContaining("Directory 'data'")
                .hasMessageContaining("narrow the patterns");
    }

    @Test
    void outsideLinkThatNoPatternReachesIsNoConcern() throws Exception {
        tree.link("data", outside);
        tree.link("leak.pt", outside.resolve("secret.key"));
        assertThat(collect("checkpoints/*.pt")).extracting(ArtifactFile::path).containsExactly("checkpoints/step-2.pt");
    }

    @Test
    void linkInsideTheRootIsFollowedAndNamedByTheLink() throws Exception {
        tree.link("latest.pt", Path.of("checkpoints/step-2.pt"));
        List<ArtifactFile> files = collect("*.pt", "checkpoints/*.pt");
        assertThat(files).extracting(ArtifactFile::path).containsExactly("checkpoints/step-2.pt", "latest.pt");
        assertThat(files.get(1).sha256()).isEqualTo(files.get(0).sha256());
        assertThat(files.get(1).local()).isEqualTo(root.toRealPath().resolve("checkpoints/step-2.pt"));
    }

    @Test
    void directoryLinkInsideTheRootIsFollowed() throws Exception {
        tree.link("best", Path.of("checkpoints"));
        assertThat(collect("best/**")).extracting(ArtifactFile::path).containsExactly("best/step-2.pt");
    }

    @Test
    void directoryLoopIsNotFollowed() throws Exception {
        tree.link("checkpoints/again", Path.of(".."));
        assertThat(collect("**")).extracting(ArtifactFile::path).containsExactly("checkpoints/step-2.pt");
        assertThat(log.messages()).anyMatch(m -> m.contains("'checkpoints/again' not followed"));
    }

    @Test
    void brokenLinkThatMatchesIsSkippedWithALogLine() throws Exception {
        tree.link("checkpoints/step-3.pt", Path.of("deleted.pt"));
        assertThat(collect("checkpoints/*.pt")).extracting(ArtifactFile::path).containsExactly("checkpoints/step-2.pt");
        assertThat(log.messages()).anyMatch(m -> m.contains("'checkpoints/step-3.pt' skipped") && m.contains("broken"));
    }

    @Test
    void rootGivenThroughALinkIsResolved() throws Exception {
        Path alias = base.resolve("output-link");
        java.nio.file.Files.createSymbolicLink(alias, root);
        List<ArtifactFile> files = new ArtifactCollector().collect(alias, List.of("**"), log, ProgressListener.ignoring());
        assertThat(files).extracting(ArtifactFile::path).containsExactly("checkpoints/step-2.pt");
    }
}
