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

class ArtifactCollectorSelectionTest {

    @TempDir
    Path root;

    private FileTree tree;
    private final RecordingSink log = new RecordingSink();

    @BeforeEach
    void writeTree() throws Exception {
        tree = new FileTree(root);
        tree.file("checkpoints/a.pt", "a");
        tree.file("checkpoints/epoch-1/b.pt", "b");
        tree.file("checkpoints/epoch-1/shard/c.pt", "c");
        tree.file("checkpoints/notes.txt", "notes");
        tree.file("other/d.pt", "d");
        tree.file("metrics.json", "{}");
        tree.file(".hidden/e.bin", "e");
    }

    private List<String> paths(String... patterns) throws InterruptedException {
        return new ArtifactCollector().collect(root, List.of(patterns), log, ProgressListener.ignoring()).stream()
                .map(ArtifactFile::path).toList();
    }

    @Test
    void nestedGlobSelectsMatchingFilesAtEveryDepth() throws Exception {
        assertThat(paths("checkpoints/**/*.pt"))
                .containsExactly("checkpoints/a.pt", "checkpoints/epoch-1/b.pt", "checkpoints/epoch-1/shard/c.pt");
    }

    @Test
    void overlappingPatternsSelectEachFileOnceSortedByPath() throws Exception {
        assertThat(paths("metrics.json", "**/*.pt", "checkpoints/**"))
                .containsExactly("checkpoints/a.pt", "checkpoints/epoch-1/b.pt", "checkpoints/epoch-1/shard/c.pt",
                        "checkpoints/notes.txt", "metrics.json", "other/d.pt");
    }

    @Test
    void doubleStarSelectsEverythingHiddenFilesIncluded() throws Exception {
        assertThat(paths("**")).containsExactly(".hidden/e.bin", "checkpoints/a.pt", "checkpoints/epoch-1/b.pt",
                "checkpoints/epoch-1/shard/c.pt", "checkpoints/notes.txt", "metrics.json", "other/d.pt");
    }

    @Test
    void singleStarStaysAtItsDepth() throws Exception {
        assertThat(paths("checkpoints/*")).containsExactly("checkpoints/a.pt", "checkpoints/notes.txt");
    }

    @Test
    void selectedFilesCarryTheirSizeAndRealLocation() throws Exception {
        ArtifactFile f = new ArtifactCollector().collect(root, List.of("metrics.json"), log, ProgressListener.ignoring()).get(0);
        assertThat(f.size()).isEqualTo(2);
        assertThat(f.local()).isEqualTo(root.toRealPath().resolve("metrics.json"));
        assertThat(f.sha256()).isEqualTo(StreamingSha256.of("{}".getBytes()));
    }

    @Test
    void noMatchListsThePatternsAndSomeFilesThatExist() {
        assertThatThrownBy(() -> paths("*.safetensors", "weights/**"))
                .isInstanceOf(NoArtifactsMatchedException.class)
                .hasMessageContaining("'*.safetensors'").hasMessageContaining("'weights/**'")
                .hasMessageContaining("metrics.json").hasMessageContaining("checkpoints/a.pt")
                .hasMessageContaining("'weights' (from 'weights/**') does not exist");
    }

    @Test
    void patternNamingADirectorySaysHowToSelectItsContent() {
        assertThatThrownBy(() -> paths("checkpoints"))
                .isInstanceOf(NoArtifactsMatchedException.class)
                .hasMessageContaining("'checkpoints' is a directory; write 'checkpoints/'");
    }

    @Test
    void emptyRootSaysItHoldsNoFiles() throws Exception {
        Path empty = tree.dir("empty");
        assertThatThrownBy(() -> new ArtifactCollector().collect(empty, List.of("**"), log, ProgressListener.ignoring()))
                .isInstanceOf(NoArtifactsMatchedException.class)
                .hasMessageContaining("holds no files at all");
    }

    @Test
    void missingRootIsRefusedNamingIt() {
        Path missing = root.resolve("no-such-output");
        assertThatThrownBy(() -> new ArtifactCollector().collect(missing, List.of("**"), log, ProgressListener.ignoring()))
                .isInstanceOf(ArtifactRootNotFoundException.class)
                .hasMessageContaining(missing.toString()).hasMessageContaining("does not exist");
    }

    @Test
    void fileAsRootIsRefused() {
        Path file = root.resolve("metrics.json");
        assertThatThrownBy(() -> new ArtifactCollector().collect(file, List.of("**"), log, ProgressListener.ignoring()))
                .isInstanceOf(ArtifactRootNotFoundException.class)
                .hasMessageContaining("is not a directory");
    }

    @Test
    void dotDotPatternIsRefusedBeforeAnythingIsRead() {
        assertThatThrownBy(() -> paths("metrics.json", "../*"))
                .isInstanceOf(InvalidArtifactPatternException.class)
                .hasMessageContaining("'../*'");
    }

    @Test
    void absolutePatternIsRefused() {
        assertThatThrownBy(() -> paths(root.resolve("metrics.json").toString()))
                .isInstanceOf(InvalidArtifactPatternException.class)
                .hasMessageContaining("absolute");
    }

    @Test
    void pipeThatMatchesIsSkippedNotRead() throws Exception {
        Path fifo = root.resolve("checkpoints/stream.pt");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertThat(mkfifo.waitFor()).isZero();
        assertThat(paths("checkpoints/*.pt")).containsExactly("checkpoints/a.pt");
        assertThat(log.messages()).anyMatch(m -> m.contains("'checkpoints/stream.pt' skipped")
                && m.contains("not a regular file"));
    }
}
