package io.gputraining.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.gputraining.engine.ProgressListener.Progress;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The progress line: bytes of the total and rate, redrawn at most every 250 ms on a terminal; a final line always. */
class TerminalProgressTest {

    private static final long MS = 1_000_000;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private final AtomicLong clock = new AtomicLong();

    private String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** Two layers of a pull, as the daemon reports them: 4 MiB and 12 MiB. */
    private static Progress layer(String id, long doneMiB, long totalMiB) {
        return new Progress("pull 127.0.0.1:5000/pytorch@sha256:ab", id, "Downloading", doneMiB << 20, totalMiB << 20);
    }

    @Test
    void onATerminalTheLineShowsBytesOfTheTotalAndTheRate() {
        TerminalProgress progress = new TerminalProgress(err, true, clock::get);
        progress.progress(layer("a1", 0, 4));
        clock.set(1000 * MS);
        progress.progress(layer("b2", 8, 12));

        assertThat(text()).endsWith("\r[gpu-training] pull 127.0.0.1:5000/pytorch@sha256:ab: 8.0 MiB / 16.0 MiB (50%), 8.0 MiB/s");
    }

    @Test
    void onATerminalReportsWithin250MsOfTheLastRedrawAreNotDrawn() {
        TerminalProgress progress = new TerminalProgress(err, true, clock::get);
        progress.progress(layer("a1", 1, 4));
        clock.set(100 * MS);
        progress.progress(layer("a1", 2, 4));
        clock.set(249 * MS);
        progress.progress(layer("a1", 3, 4));

        assertThat(text().chars().filter(c -> c == '\r')).hasSize(1);
        clock.set(250 * MS);
        progress.progress(layer("a1", 4, 4));
        assertThat(text().chars().filter(c -> c == '\r')).hasSize(2);
        assertThat(text()).endsWith("4.0 MiB / 4.0 MiB (100%), 12.0 MiB/s");
    }

    @Test
    void closingClearsTheLiveLineAndPrintsOneFinalLinePerTask() {
        TerminalProgress progress = new TerminalProgress(err, true, clock::get);
        progress.progress(layer("a1", 4, 4));
        clock.set(2000 * MS);
        progress.progress(new Progress("store artifacts", "model.pt", "storing", 16 << 20, 16 << 20));
        progress.close();

        assertThat(text()).endsWith("\r[gpu-training] pull 127.0.0.1:5000/pytorch@sha256:ab: 4.0 MiB in 0.0 s\n"
                + "[gpu-training] store artifacts: 16.0 MiB in 0.0 s\n");
    }

    @Test
    void elsewhereNothingIsPrintedUntilTheFinalLine() {
        TerminalProgress progress = new TerminalProgress(err, false, clock::get);
        progress.progress(layer("a1", 0, 12));
        clock.set(3000 * MS);
        progress.progress(layer("a1", 12, 12));
        assertThat(text()).isEmpty();

        progress.close();
        assertThat(text()).isEqualTo("[gpu-training] pull 127.0.0.1:5000/pytorch@sha256:ab: 12.0 MiB in 3.0 s, 4.0 MiB/s\n");
    }

    @Test
    void extractingAndPullCompleteDoNotUndoTheBytesDownloaded() {
        TerminalProgress progress = new TerminalProgress(err, false, clock::get);
        String task = "pull 127.0.0.1:5000/pytorch@sha256:ab";
        // the statuses dockerd sends for one layer, in its order (the id from a real pull of a 39 MiB layer)
        progress.progress(new Progress(task, "", "Pulling from gpu-training/cli-progress-demo", -1, -1));
        progress.progress(new Progress(task, "1f988386d6f3", "Pulling fs layer", -1, -1));
        progress.progress(new Progress(task, "1f988386d6f3", "Downloading", 0, 41_148_416));
        clock.set(250 * MS);
        progress.progress(new Progress(task, "1f988386d6f3", "Downloading", 41_148_416, 41_148_416));
        progress.progress(new Progress(task, "1f988386d6f3", "Extracting", 1_048_576, 41_148_416));
        clock.set(500 * MS);
        progress.progress(new Progress(task, "1f988386d6f3", "Pull complete", -1, -1));
        progress.close();

        assertThat(text()).isEqualTo("[gpu-training] " + task + ": 39.2 MiB in 0.5 s, 78.5 MiB/s\n");
    }

    @Test
    void sizesAreInBinaryUnits() {
        assertThat(TerminalProgress.bytes(512)).isEqualTo("512 B");
        assertThat(TerminalProgress.bytes(1536)).isEqualTo("1.5 KiB");
        assertThat(TerminalProgress.bytes(3L << 30)).isEqualTo("3.0 GiB");
    }
}
