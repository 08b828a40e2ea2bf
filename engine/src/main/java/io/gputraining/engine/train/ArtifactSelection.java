package io.gputraining.engine.train;

import io.gputraining.engine.ProgressListener;
import io.gputraining.engine.artifacts.ArtifactFile;
import java.nio.file.Path;
import java.util.List;

/** Placeholder until the artifact collector lands. */
final class ArtifactSelection {
    private ArtifactSelection() {
    }

    static List<ArtifactFile> collect(Path root, List<String> patterns, ProgressListener progress) throws InterruptedException {
        throw new UnsupportedOperationException("artifact collection");
    }
}
