package io.gputraining.engine.registry.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.gputraining.engine.LogSink;
import io.gputraining.engine.ProgressListener;
import io.gputraining.engine.artifacts.ArtifactFile;
import io.gputraining.engine.artifacts.FileTree;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An interrupt (a Jenkins abort) that comes from another thread at any moment of a registration, not only
 * between chunks: it lands in file-channel writes and syncs too, which answer it by closing the channel.
 */
class LocalModelRegistryInterruptTest {

    private static final int TRIES = 40;

    @TempDir
    Path base;

    @Test
    void anInterruptAtAnyMomentEndsInInterruptedExceptionOrAVersionNeverInARegistryError() throws Exception {
        FileTree tree = new FileTree(base.resolve("output"));
        for (int i = 0; i < 6; i++) {
            tree.randomFile("part-" + i + ".bin", 256 << 10, i);
        }
        List<ArtifactFile> files = Publications.select(base.resolve("output"));
        long took = timeOf(() -> register(base.resolve("warm-up"), files));

        List<String> wrong = new ArrayList<>();
        for (int i = 0; i < TRIES; i++) {
            Path root = base.resolve("registry-" + i);
            AtomicReference<Throwable> ended = new AtomicReference<>();
            Thread registering = new Thread(() -> {
                try {
                    register(root, files);
                } catch (Throwable t) {
                    ended.set(t);
                }
            });
            registering.start();
            // Spread over the whole registration: blob copies, their fsyncs, the version's files, the rename.
            Thread.sleep(0, 1);
            long until = System.nanoTime() + took * i / TRIES;
            while (System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            registering.interrupt();
            registering.join(30_000);
            Throwable t = ended.get();
            if (t != null && !(t instanceof InterruptedException)) {
                wrong.add("try " + i + ": " + t);
            }
        }
        assertThat(wrong).isEmpty();
    }

    private static void register(Path root, List<ArtifactFile> files) throws InterruptedException {
        new LocalModelRegistry(root).register(Publications.of("resnet", "run-1", files, null), LogSink.discarding(),
                ProgressListener.ignoring());
    }

    private interface Body {
        void run() throws Exception;
    }

    private static long timeOf(Body body) throws Exception {
        long start = System.nanoTime();
        body.run();
        return System.nanoTime() - start;
    }
}
