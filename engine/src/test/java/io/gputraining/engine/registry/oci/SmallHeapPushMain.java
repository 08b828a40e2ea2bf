package io.gputraining.engine.registry.oci;

import io.gputraining.engine.LogSink;
import io.gputraining.engine.ProgressListener;
import io.gputraining.engine.artifacts.ArtifactFile;
import io.gputraining.engine.registry.RegisteredModel;
import java.nio.file.Path;
import java.util.List;

/**
 * Registers one file with an {@link OciModelRegistry}, in a JVM of its own whose heap is far smaller than the
 * file: it can only succeed if the upload streams. Prints the manifest digest and the heap limit.
 * Arguments: registry host:port, the file's directory, its name, its sha256.
 */
public final class SmallHeapPushMain {

    private SmallHeapPushMain() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[1]);
        Path file = root.resolve(args[2]);
        ArtifactFile artifact = new ArtifactFile(args[2], file.toString(), java.nio.file.Files.size(file), args[3]);
        RegisteredModel model = OciModelRegistry.builder(args[0], "big").build().register(
                ModelFixture.publication("checkpoint", "k", List.of(artifact), null), LogSink.discarding(), ProgressListener.ignoring());
        System.out.println("digest=" + model.digest() + " maxHeap=" + Runtime.getRuntime().maxMemory());
    }
}
