package io.gputraining.engine.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.gputraining.engine.LogSink;
import io.gputraining.engine.ProgressListener;
import io.gputraining.engine.artifacts.FileTree;
import io.gputraining.engine.registry.local.LocalModelRegistry;
import io.gputraining.engine.registry.local.Publications;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local case registers for real; the MLflow and OCI cases are versions in the shape those registries return
 * them (their own tests register against the real servers): uri scheme and detail keys.
 */
class VersionLocationTest {

    private static final String DIGEST = "sha256:" + "ab".repeat(32);

    @Test
    void aLocalVersionIsItsDirectory(@TempDir Path base) throws Exception {
        Path output = base.resolve("output");
        new FileTree(output).file("model.pt", "weights");
        RegisteredModel v = new LocalModelRegistry(base.resolve("registry"))
                .register(Publications.of("resnet", "run-1", Publications.select(output), null), LogSink.discarding(), ProgressListener.ignoring());

        VersionLocation location = VersionLocation.of(v);

        assertThat(Path.of(location.directory())).isEqualTo(base.resolve("registry").resolve("models/resnet/versions/1"));
        assertThat(location.webUrl()).isNull();
        assertThat(location.pullReference()).isNull();
    }

    @Test
    void anMlflowVersionLinksToItsUiPageAndItsRun() {
        RegisteredModel v = new RegisteredModel("mlflow http://127.0.0.1:5000", "resnet", "3", "models:/resnet/3", DIGEST,
                Map.of("run_id", "r1", "web_link", "http://127.0.0.1:5000/#/models/resnet/versions/3",
                        "run_link", "http://127.0.0.1:5000/#/experiments/1/runs/r1"));

        VersionLocation location = VersionLocation.of(v);

        assertThat(location.webUrl()).isEqualTo("http://127.0.0.1:5000/#/models/resnet/versions/3");
        assertThat(location.runUrl()).isEqualTo("http://127.0.0.1:5000/#/experiments/1/runs/r1");
        assertThat(location.directory()).isNull();
    }

    @Test
    void aLinkThatIsNotHttpIsNotOffered() {
        RegisteredModel v = new RegisteredModel("mlflow https://mlflow.example", "resnet", "3", "models:/resnet/3", DIGEST,
                Map.of("web_link", "javascript:alert(1)", "run_link", "HTTPS://mlflow.example/#/experiments/1/runs/r1"));

        VersionLocation location = VersionLocation.of(v);

        assertThat(location.webUrl()).isNull();
        assertThat(location.runUrl()).isEqualTo("HTTPS://mlflow.example/#/experiments/1/runs/r1");
    }

    @Test
    void anOciVersionIsTheReferenceToPullByDigestAndItsTag() {
        RegisteredModel v = new RegisteredModel("oci 127.0.0.1:5000/models/resnet", "resnet", "v3",
                "oci://127.0.0.1:5000/models/resnet@" + DIGEST, DIGEST,
                Map.of("tag", "v3", "repository", "models/resnet", "reference", "127.0.0.1:5000/models/resnet:v3"));

        VersionLocation location = VersionLocation.of(v);

        assertThat(location.pullReference()).isEqualTo("127.0.0.1:5000/models/resnet@" + DIGEST);
        assertThat(location.tagReference()).isEqualTo("127.0.0.1:5000/models/resnet:v3");
        assertThat(location.webUrl()).isNull();
    }

    @Test
    void anUnknownKindHasNoLocation() {
        VersionLocation location = VersionLocation.of(new RegisteredModel("s3", "m", "1", "s3://bucket/m/1", DIGEST, Map.of()));

        assertThat(location).isEqualTo(new VersionLocation(null, null, null, null, null));
    }
}
