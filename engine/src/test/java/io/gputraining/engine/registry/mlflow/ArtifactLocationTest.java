package io.gputraining.engine.registry.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gputraining.engine.registry.ModelRegistryException;
import java.net.URI;
import org.junit.jupiter.api.Test;

class ArtifactLocationTest {

    private static final URI SERVER = URI.create("http://127.0.0.1:5000");

    @Test
    void aRunRootBecomesTheProxyPathWithEachSegmentEncoded() {
        ArtifactLocation at = ArtifactLocation.of("mlflow-artifacts:/3/0f1e/artifacts", "e", SERVER);

        assertThat(at.filePath("model/vocab file+1.txt"))
                .isEqualTo("/api/2.0/mlflow-artifacts/artifacts/3/0f1e/artifacts/model/vocab%20file%2B1.txt");
        assertThat(at.uri("model")).isEqualTo("mlflow-artifacts:/3/0f1e/artifacts/model");
        assertThat(at.listParameter("model/a")).isEqualTo("3/0f1e/artifacts/model/a");
    }

    @Test
    void aRootNamingTheServersHostKeepsOnlyThePath() {
        ArtifactLocation at = ArtifactLocation.of("mlflow-artifacts://mlflow.example:443/7/abc/artifacts", "e", SERVER);

        assertThat(at.filePath("x.pt")).isEqualTo("/api/2.0/mlflow-artifacts/artifacts/7/abc/artifacts/x.pt");
    }

    @Test
    void anExperimentStoringArtifactsOutsideTheProxyIsRefusedWithWhatToDo() {
        assertThatThrownBy(() -> ArtifactLocation.of("s3://bucket/mlflow/3/abc/artifacts", "legacy", SERVER))
                .isInstanceOf(ModelRegistryException.class)
                .hasMessageContaining("Experiment 'legacy'")
                .hasMessageContaining("s3://bucket/mlflow/3/abc/artifacts")
                .hasMessageContaining("--serve-artifacts");
    }
}
