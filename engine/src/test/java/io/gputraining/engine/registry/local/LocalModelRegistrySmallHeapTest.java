package io.gputraining.engine.registry.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.gputraining.engine.artifacts.FileTree;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalModelRegistrySmallHeapTest {

    @TempDir
    Path base;

    @Test
    void fileFourTimesTheHeapIsSelectedAndStoredInAJvmWithASmallHeap() throws Exception {
        Path work = base.resolve("work");
        Path big = new FileTree(work.resolve("run-big")).randomFile("model.bin", 128L << 20, 13);
        Path root = base.resolve("registry");
        try (RegisteringProcess child = new RegisteringProcess(List.of("-Xmx32m"), root, "resnet", work, List.of("run-big"))) {
            child.awaitReady();
            child.go();
            List<String> lines = child.finish();
            assertThat(lines).as(String.join("\n", lines)).last().isEqualTo("EXIT 0");
        }
        LocalModelRegistry registry = new LocalModelRegistry(root);
        VersionManifest.Artifact stored = registry.manifest("resnet", 1).orElseThrow().artifacts().get(0);
        assertThat(stored.size()).isEqualTo(128L << 20);
        assertThat(LocalModelRegistryTest.sha256(registry.blob(stored.sha256()))).isEqualTo(LocalModelRegistryTest.sha256(big));
    }
}
