package io.gputraining.engine.registry.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gputraining.engine.LogSink;
import io.gputraining.engine.ProgressListener;
import io.gputraining.engine.artifacts.ArtifactFile;
import io.gputraining.engine.artifacts.FileTree;
import io.gputraining.engine.registry.ModelRegistryException;
import io.gputraining.engine.testing.RecordingSink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LocalModelRegistryFailureTest {

    @TempDir
    Path base;

    private Path output;
    private Path root;
    private LocalModelRegistry registry;
    private List<ArtifactFile> selected;

    @BeforeEach
    void setUp() throws Exception {
        output = base.resolve("output");
        FileTree tree = new FileTree(output);
        tree.file("a-config.yaml", "lr: 0.001\n");
        tree.randomFile("b-model.pt", 32L << 20, 9);
        root = base.resolve("registry");
        registry = new LocalModelRegistry(root);
        selected = Publications.select(output);
    }

    private void register(List<ArtifactFile> artifacts, ProgressListener progress) throws InterruptedException {
        registry.register(Publications.of("resnet", "run-1", artifacts, "production"), LogSink.discarding(), progress);
    }

    @Test
    void fileChangedAfterSelectionFailsListingWhatWasStored() throws Exception {
        Files.write(output.resolve("b-model.pt"), new byte[] {1, 2, 3});
        assertThatThrownBy(() -> register(selected, ProgressListener.ignoring()))
                .isInstanceOf(ModelRegistryException.class)
                .hasMessageContaining("'b-model.pt'").hasMessageContaining("changed after it was selected")
                .hasMessageContaining("No version was created")
                .satisfies(e -> assertThat(((ModelRegistryException) e).uploaded()).containsExactly("a-config.yaml"));
        assertNoVersionAndNoLeftovers();
        assertThat(registry.blob(selected.get(1).sha256())).doesNotExist();
        assertThat(registry.blob(selected.get(0).sha256())).exists();
    }

    @Test
    void fileOfTheSameSizeChangedAfterSelectionFails() throws Exception {
        byte[] content = Files.readAllBytes(output.resolve("a-config.yaml"));
        content[0] = 'L';
        Files.write(output.resolve("a-config.yaml"), content);
        assertThatThrownBy(() -> register(selected, ProgressListener.ignoring()))
                .isInstanceOf(ModelRegistryException.class)
                .hasMessageContaining("'a-config.yaml'").hasMessageContaining("changed after it was selected")
                .satisfies(e -> assertThat(((ModelRegistryException) e).uploaded()).isEmpty());
        assertNoVersionAndNoLeftovers();
    }

    @Test
    void fileGoneAfterSelectionFailsListingWhatWasStored() throws Exception {
        Files.delete(output.resolve("b-model.pt"));
        assertThatThrownBy(() -> register(selected, ProgressListener.ignoring()))
                .isInstanceOf(ModelRegistryException.class)
                .hasMessageContaining("b-model.pt is gone")
                .hasMessageContaining("Uploaded before the failure")
                .satisfies(e -> assertThat(((ModelRegistryException) e).uploaded()).containsExactly("a-config.yaml"));
        assertNoVersionAndNoLeftovers();
    }

    @Test
    void interruptWhileStoringLeavesNoVersionAndSaysWhatWasStored() throws Exception {
        RecordingSink log = new RecordingSink();
        ProgressListener interrupting = p -> Thread.currentThread().interrupt();
        assertThatThrownBy(() -> registry.register(Publications.of("resnet", "run-1", selected, null), log, interrupting))
                .isInstanceOf(InterruptedException.class)
                .hasMessageContaining("interrupted; no version was created")
                .hasMessageContaining("a-config.yaml");
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
        assertThat(log.messages()).anyMatch(m -> m.contains("interrupted; no version was created"));
        assertNoVersionAndNoLeftovers();
        assertThat(registry.blob(selected.get(1).sha256())).doesNotExist();
    }

    @Test
    void retryAfterAFailureCreatesVersionOne() throws Exception {
        byte[] original = Files.readAllBytes(output.resolve("b-model.pt"));
        Files.write(output.resolve("b-model.pt"), new byte[] {1});
        assertThatThrownBy(() -> register(selected, ProgressListener.ignoring())).isInstanceOf(ModelRegistryException.class);
        Files.write(output.resolve("b-model.pt"), original);
        register(selected, ProgressListener.ignoring());
        assertThat(registry.versions("resnet")).containsExactly(1);
        assertThat(registry.aliased("resnet", "production").orElseThrow().version()).isEqualTo("1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".hidden", "..", "../escape", "a/b", "name with space", "modèle", "x:y"})
    void unsafeModelNameIsRefusedBeforeAnythingIsStored(String name) {
        assertThatThrownBy(() -> registry.register(Publications.of(name, "run-1", selected, null), LogSink.discarding(),
                ProgressListener.ignoring()))
                .isInstanceOf(InvalidModelNameException.class)
                .hasMessageContaining("model name '" + name + "'")
                .hasMessageContaining("letters, digits");
        assertThat(root).doesNotExist();
    }

    @Test
    void overlongModelNameIsRefused() {
        String name = "m".repeat(129);
        assertThatThrownBy(() -> registry.find(name, "run-1"))
                .isInstanceOf(InvalidModelNameException.class)
                .hasMessageContaining("129 characters");
    }

    @Test
    void longestAllowedNameIsAccepted() throws Exception {
        String name = "A-z_0.9" + "m".repeat(121);
        registry.register(Publications.of(name, "run-1", selected, null), LogSink.discarding(), ProgressListener.ignoring());
        assertThat(registry.versions(name)).containsExactly(1);
    }

    @Test
    void unsafeAliasIsRefusedBeforeAnythingIsStored() {
        assertThatThrownBy(() -> registry.register(Publications.of("resnet", "run-1", selected, "../prod"),
                LogSink.discarding(), ProgressListener.ignoring()))
                .isInstanceOf(InvalidModelNameException.class)
                .hasMessageContaining("alias '../prod'");
        assertThat(root).doesNotExist();
    }

    @Test
    void twoArtifactsWithOnePathAreRefused() {
        List<ArtifactFile> twice = List.of(selected.get(0), new ArtifactFile(selected.get(0).path(),
                selected.get(1).localPath(), selected.get(1).size(), selected.get(1).sha256()));
        assertThatThrownBy(() -> register(twice, ProgressListener.ignoring()))
                .isInstanceOf(ModelRegistryException.class)
                .hasMessageContaining("two artifacts are named 'a-config.yaml'");
        assertThat(root).doesNotExist();
    }

    @Test
    void artifactPathThatIsAlsoADirectoryOfAnotherIsRefused() {
        ArtifactFile a = selected.get(0);
        List<ArtifactFile> clash = List.of(new ArtifactFile("model", a.localPath(), a.size(), a.sha256()),
                new ArtifactFile("model/weights.pt", a.localPath(), a.size(), a.sha256()));
        assertThatThrownBy(() -> register(clash, ProgressListener.ignoring()))
                .isInstanceOf(ModelRegistryException.class)
                .hasMessageContaining("'model' is a file, but 'model/weights.pt' needs it to be a directory");
    }

    private void assertNoVersionAndNoLeftovers() throws Exception {
        assertThat(registry.versions("resnet")).isEmpty();
        assertThat(registry.find("resnet", "run-1")).isEmpty();
        assertThat(registry.aliased("resnet", "production")).isEmpty();
        Path tmp = root.resolve("tmp");
        if (Files.exists(tmp)) {
            try (Stream<Path> left = Files.list(tmp)) {
                assertThat(left.toList()).isEmpty();
            }
        }
    }
}
