package io.gputraining.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository's example training script, found from the working directory up. */
final class CliExamples {

    private CliExamples() {
    }

    static Path trainScript() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("examples/train.py"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("examples/train.py not found above " + Path.of("").toAbsolutePath());
        }
        return dir.resolve("examples/train.py");
    }
}
