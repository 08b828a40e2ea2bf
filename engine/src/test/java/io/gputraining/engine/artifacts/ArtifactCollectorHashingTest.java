package io.gputraining.engine.artifacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gputraining.engine.LogSink;
import io.gputraining.engine.ProgressListener;
import io.gputraining.engine.ProgressListener.Progress;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactCollectorHashingTest {

    private static final long BIG = 20L << 20; // 20 MiB: several progress steps, several read chunks

    @TempDir
    Path root;

    private FileTree tree;
    private final List<Progress> reports = new CopyOnWriteArrayList<>();

    @BeforeEach
    void tree() {
        tree = new FileTree(root);
    }

    @Test
    void multiMegabyteFileHashMatchesSha256sum() throws Exception {
        Path big = tree.randomFile("checkpoints/model.pt", BIG + 12345, 42);
        ArtifactFile f = collect("checkpoints/*.pt").get(0);
        assertThat(f.size()).isEqualTo(BIG + 12345);
        assertThat(f.sha256()).isEqualTo(sha256sum(big));
    }

    @Test
    void multiMegabyteFileHashMatchesMessageDigest() throws Exception {
        Path big = tree.randomFile("model.pt", BIG, 7);
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(big)) {
            md.update(in.readAllBytes());
        }
        assertThat(collect("model.pt").get(0).sha256()).isEqualTo(HexFormat.of().formatHex(md.digest()));
    }

    @Test
    void largeFileProgressIsReportedPerStepUntilDone() throws Exception {
        tree.randomFile("model.pt", BIG, 1);
        collect("model.pt");
        assertThat(reports).extracting(Progress::item).containsOnly("model.pt");
        assertThat(reports).extracting(Progress::task).containsOnly(ArtifactCollector.TASK);
        assertThat(reports).extracting(Progress::doneBytes).containsExactly(8L << 20, 16L << 20, BIG);
        assertThat(reports).extracting(Progress::totalBytes).containsOnly(BIG);
    }

    @Test
    void smallFilesAreNotReported() throws Exception {
        tree.file("metrics.json", "{\"loss\": 0.1}");
        collect("metrics.json");
        assertThat(reports).isEmpty();
    }

    @Test
    void interruptBeforeCollectingStopsIt() throws Exception {
        tree.file("metrics.json", "{}");
        Thread.currentThread().interrupt();
        assertThatThrownBy(() -> collect("**")).isInstanceOf(InterruptedException.class);
        assertThat(Thread.currentThread().isInterrupted()).as("interrupt consumed by the exception").isFalse();
    }

    @Test
    void interruptWhileHashingABigFileStopsBeforeTheEnd() throws Exception {
        tree.randomFile("model.pt", 64L << 20, 3);
        ProgressListener interrupting = p -> {
            reports.add(p);
            Thread.currentThread().interrupt(); // as if the build were aborted while the first 8 MiB went by
        };
        assertThatThrownBy(() -> new ArtifactCollector().collect(root, List.of("**"), LogSink.discarding(), interrupting))
                .isInstanceOf(InterruptedException.class)
                .hasMessageContaining("model.pt");
        assertThat(reports).hasSize(1);
        assertThat(reports.get(0).doneBytes()).isLessThan(64L << 20);
    }

    @Test
    void interruptBetweenFilesStopsBeforeTheNextOne() throws Exception {
        tree.randomFile("a.pt", ByteProgress.STEP, 4);
        tree.randomFile("b.pt", ByteProgress.STEP, 5);
        ProgressListener interruptAtEndOfFirst = p -> {
            reports.add(p);
            if (p.doneBytes() == p.totalBytes()) {
                Thread.currentThread().interrupt();
            }
        };
        assertThatThrownBy(() -> new ArtifactCollector().collect(root, List.of("*.pt"), LogSink.discarding(),
                interruptAtEndOfFirst))
                .isInstanceOf(InterruptedException.class)
                .hasMessageContaining("b.pt");
        assertThat(reports).extracting(Progress::item).containsExactly("a.pt");
    }

    private List<ArtifactFile> collect(String... patterns) throws InterruptedException {
        return new ArtifactCollector().collect(root, List.of(patterns), LogSink.discarding(), reports::add);
    }

    private static String sha256sum(Path file) throws Exception {
        Process p = new ProcessBuilder("sha256sum", file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out.split("\\s+")[0];
    }
}
