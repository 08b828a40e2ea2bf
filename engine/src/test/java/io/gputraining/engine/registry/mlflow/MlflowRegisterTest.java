package io.gputraining.engine.registry.mlflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gputraining.engine.ProgressListener.Progress;
import io.gputraining.engine.artifacts.ArtifactFile;
import io.gputraining.engine.registry.ModelPublication;
import io.gputraining.engine.registry.RegisteredModel;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * One model registered in the real MLflow server, then read back through MLflow's own REST API: what the
 * server holds, not what the registry says it did.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MlflowRegisterTest {

    private static final int LARGE = 4 * 1024 * 1024 + 123;

    private MlflowServer server;
    private String experiment;
    private ModelPublication publication;
    private RegisteredModel registered;
    private final RecordingLog log = new RecordingLog();

    @BeforeAll
    void registerOnce(@TempDir Path output) throws Exception {
        server = new MlflowServer();
        experiment = MlflowServer.unique("register-test");
        publication = new TrainingOutput(output)
                .text("config.json", "{\"layers\": 4}\n")
                .random("checkpoints/model.pt", LARGE)
                .text("tokenizer/vocab file.txt", "hello\nworld\n")
                .publication(MlflowServer.unique("classifier"), MlflowServer.unique("key"), "candidate");
        registered = new MlflowModelRegistry(server.settings(experiment)).register(publication, log, log);
    }

    @Test
    void theFirstVersionOfANewModelIsReadyAndPointsAtTheRunsModelDirectory() throws Exception {
        JsonNode version = server.modelVersion(publication.modelName(), registered.version());
        JsonNode run = server.run(version.path("run_id").asText());

        assertThat(registered.version()).isEqualTo("1");
        assertThat(version.path("status").asText()).isEqualTo("READY");
        assertThat(version.path("source").asText()).isEqualTo(run.path("info").path("artifact_uri").asText() + "/model");
    }

    @Test
    void everyArtifactDownloadsWithTheSha256OfItsSource() throws Exception {
        String source = server.modelVersion(publication.modelName(), registered.version()).path("source").asText();
        Map<String, String> downloaded = new HashMap<>();
        Map<String, String> local = new HashMap<>();
        for (ArtifactFile file : publication.artifacts()) {
            downloaded.put(file.path(), server.sha256(source + "/" + file.path()));
            local.put(file.path(), TrainingOutput.sha256(file.local()));
        }
        assertThat(downloaded).isEqualTo(local);
    }

    @Test
    void theRunManifestIsStoredWithTheModelAndItsSha256IsTheDigest() throws Exception {
        String source = server.modelVersion(publication.modelName(), registered.version()).path("source").asText();
        byte[] stored = server.download(source + "/run-manifest.json");

        assertThat(stored).isEqualTo(publication.runManifest());
        assertThat(registered.digest()).isEqualTo("sha256:" + TrainingOutput.sha256(publication.runManifest()));
    }

    @Test
    void paramsFinalMetricsAndTagsAreOnTheFinishedRun() throws Exception {
        JsonNode run = server.run(registered.details().get("run_id"));

        assertThat(run.path("info").path("status").asText()).isEqualTo("FINISHED");
        assertThat(keyValues(run.path("data").path("params"))).isEqualTo(publication.params());
        Map<String, String> metrics = keyValues(run.path("data").path("metrics"));
        assertThat(metrics).containsEntry("loss", "0.5").containsEntry("accuracy", "0.875");
        assertThat(keyValues(run.path("data").path("tags"))).containsAllEntriesOf(publication.tags())
                .containsEntry(MlflowModelRegistry.IDEMPOTENCY_TAG, publication.idempotencyKey());
    }

    @Test
    void theMetricHistoryEndsWithTheFinalValueAtTheLastStep() throws Exception {
        JsonNode history = server.get("/api/2.0/mlflow/metrics/get-history",
                Map.of("run_id", registered.details().get("run_id"), "metric_key", "loss")).path("metrics");

        assertThat(history).extracting(p -> p.path("step").asLong() + "=" + p.path("value").asDouble())
                .containsExactlyInAnyOrder("0=2.5", "1=1.25", "2=0.75", "2=0.5");
    }

    @Test
    void theVersionCarriesTheIdempotencyKeyTheManifestDigestAndTheLineageTags() throws Exception {
        Map<String, String> tags = keyValues(server.modelVersion(publication.modelName(), registered.version()).path("tags"));

        assertThat(tags).containsAllEntriesOf(publication.tags())
                .containsEntry(MlflowModelRegistry.IDEMPOTENCY_TAG, publication.idempotencyKey())
                .containsEntry(MlflowModelRegistry.MANIFEST_DIGEST_TAG, registered.digest().substring("sha256:".length()));
    }

    @Test
    void theAliasPointsAtTheNewVersion() throws Exception {
        JsonNode byAlias = server.get("/api/2.0/mlflow/registered-models/alias",
                Map.of("name", publication.modelName(), "alias", "candidate")).path("model_version");

        assertThat(byAlias.path("version").asText()).isEqualTo(registered.version());
    }

    @Test
    void theResultNamesTheServerTheModelsUriTheRunAndTheWebPage() throws Exception {
        JsonNode run = server.run(registered.details().get("run_id"));
        String experimentId = run.path("info").path("experiment_id").asText();

        assertThat(registered.registry()).isEqualTo("mlflow " + server.url());
        assertThat(registered.uri()).isEqualTo("models:/" + publication.modelName() + "/1");
        assertThat(registered.details()).containsEntry("experiment_id", experimentId)
                .containsEntry("web_link", server.url() + "/#/models/" + publication.modelName() + "/versions/1")
                .containsEntry("run_link", server.url() + "/#/experiments/" + experimentId + "/runs/" + run.path("info").path("run_id").asText());
    }

    @Test
    void uploadProgressReachesEveryByteOfTheLargeArtifact() {
        List<Long> sent = log.progress().stream().filter(p -> p.task().equals("upload model/checkpoints/model.pt"))
                .map(Progress::doneBytes).toList();

        assertThat(sent).hasSizeGreaterThan(2).isSorted().last().isEqualTo((long) LARGE);
    }

    @Test
    void theLogNamesTheRunAndVersionButNeverThePassword() {
        assertThat(log.messages()).anyMatch(m -> m.contains(registered.details().get("run_id")))
                .anyMatch(m -> m.contains("version 1"))
                .noneMatch(m -> m.contains(server.password()));
    }

    private static Map<String, String> keyValues(JsonNode array) {
        Map<String, String> map = new HashMap<>();
        array.forEach(entry -> map.put(entry.path("key").asText(), entry.path("value").asText()));
        return map;
    }
}
