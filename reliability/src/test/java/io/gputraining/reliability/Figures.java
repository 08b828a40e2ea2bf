package io.gputraining.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Where each test of the suite records its trials. Rows go to one file under the build directory (appended
 * under a file lock, so test classes and the JVMs they start can all write), and {@link FiguresReport}
 * prints the table of them once every test has run, so the figures can be compared run over run.
 */
public final class Figures {

    static final String FILE = "trials.tsv";

    private final String category;
    private final Path file;

    private Figures(String category, Path file) {
        this.category = category;
        this.file = file;
    }

    /** The recorder for one category of the suite. */
    public static Figures of(String category) {
        return new Figures(category, directory().resolve(FILE));
    }

    /** Records a trial in which every invariant held. */
    public void survived(String scenario, String detail) {
        record(new Trial(category, scenario, Outcome.SURVIVED, detail));
    }

    /** Records a trial in which an invariant broke; the test should still fail on it. */
    public void lost(String scenario, String detail) {
        record(new Trial(category, scenario, Outcome.LOST, detail));
    }

    /** Records {@code survived} when {@code problems} is empty, else {@code lost} with them. */
    public void judge(String scenario, List<String> problems, String detailWhenSurvived) {
        if (problems.isEmpty()) {
            survived(scenario, detailWhenSurvived);
        } else {
            lost(scenario, String.join("; ", problems));
        }
    }

    public void record(Trial trial) {
        try {
            Files.createDirectories(file.getParent());
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND)) {
                FileLock lock = channel.lock(); // released when the channel closes
                channel.write(StandardCharsets.UTF_8.encode(trial.toLine() + "\n"));
                lock.release();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record a trial in " + file, e);
        }
    }

    static Path directory() {
        String configured = System.getProperty("gt.reliability.figures");
        return Path.of(configured != null ? configured : "target/reliability").toAbsolutePath();
    }
}
