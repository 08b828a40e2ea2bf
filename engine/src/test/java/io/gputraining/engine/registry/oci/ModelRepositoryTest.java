package io.gputraining.engine.registry.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gputraining.engine.ProgressListener;
import io.gputraining.engine.LogSink;
import io.gputraining.engine.artifacts.ArtifactFile;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelRepositoryTest {

    @Test
    void putsTheLowerCasedModelNameUnderTheBaseRepository() {
        assertThat(ModelRepository.of("127.0.0.1:5000", "team/models", "ResNet-50_v2.1"))
                .isEqualTo(new ModelRepository("127.0.0.1:5000", "team/models/resnet-50_v2.1"));
    }

    @Test
    void keepsSlashSeparatedModelNamesAsNestedRepositories() {
        assertThat(ModelRepository.of("r.lan", "", "vision/detr").reference()).isEqualTo("r.lan/vision/detr");
    }

    @Test
    void refusesANameWithSpacesAndSuggestsAValidOne() {
        assertThatThrownBy(() -> ModelRepository.of("r.lan", "models", "My Model!"))
                .isInstanceOf(InvalidOciNameException.class)
                .hasMessageStartingWith("Model name 'My Model!' cannot name an OCI repository")
                .hasMessageContaining("e.g. to 'my-model'");
    }

    @Test
    void refusesANameEndingInASeparator() {
        assertThatThrownBy(() -> ModelRepository.of("r.lan", "models", "resnet-"))
                .isInstanceOf(InvalidOciNameException.class).hasMessageContaining("e.g. to 'resnet'");
    }

    @Test
    void refusesAReferenceLongerThanRegistriesAccept() {
        assertThatThrownBy(() -> ModelRepository.of("r.lan", "models", "m".repeat(250)))
                .isInstanceOf(InvalidOciNameException.class).hasMessageContaining("longer than 255 characters");
    }

    @Test
    void refusesAnInvalidBaseRepositoryWhenTheRegistryIsBuilt() {
        assertThatThrownBy(() -> OciModelRegistry.builder("r.lan", "Models/"))
                .isInstanceOf(InvalidOciNameException.class).hasMessageContaining("Base repository 'Models/'");
    }

    @Test
    void refusesARegistryGivenAsAUrl() {
        assertThatThrownBy(() -> OciModelRegistry.builder("https://r.lan", "models"))
                .isInstanceOf(InvalidOciNameException.class).hasMessageContaining("without scheme or path");
    }

    @Test
    void registeringAnInvalidNameFailsBeforeAnyRequest(@TempDir Path dir) throws Exception {
        List<ArtifactFile> files = ModelFixture.threeFiles(dir);
        // Port 9 (discard) on loopback: nothing listens, so any request would fail as unreachable instead.
        OciModelRegistry registry = OciModelRegistry.builder("127.0.0.1:9", "models").build();

        assertThatThrownBy(() -> registry.register(ModelFixture.publication("bad name", "k", files, null), LogSink.discarding(),
                ProgressListener.ignoring())).isInstanceOf(InvalidOciNameException.class);
        assertThatThrownBy(() -> registry.register(ModelFixture.publication("good", "k", files, "3"), LogSink.discarding(),
                ProgressListener.ignoring())).isInstanceOf(InvalidOciNameException.class)
                .hasMessageContaining("Alias '3' looks like a version number");
    }
}
