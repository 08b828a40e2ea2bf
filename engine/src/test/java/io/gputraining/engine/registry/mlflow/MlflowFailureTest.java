package io.gputraining.engine.registry.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gputraining.engine.LogSink;
import io.gputraining.engine.ProgressListener;
import io.gputraining.engine.registry.ModelPublication;
import io.gputraining.engine.registry.ModelRegistryException;
import io.gputraining.engine.registry.RegisteredModel;
import io.gputraining.engine.testing.Fault;
import io.gputraining.engine.testing.FaultPlan;
import io.gputraining.engine.testing.FaultProxy;
import io.gputraining.engine.testing.ProxiedRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failures part-way through a registration against the real server (some injected by a loopback proxy in
 * front of it): no model version is left, the run is marked FAILED, and the error lists what was uploaded.
 * And calls the server carried out but whose answer never arrived: the retry makes no second run or version.
 */
class MlflowFailureTest {

    @TempDir
    Path output;

    private MlflowServer server;
    private FaultProxy proxy;
    private String experiment;
    private String model;
    private TrainingOutput training;

    @BeforeEach
    void setUp() throws Exception {
        server = new MlflowServer();
        proxy = FaultProxy.start(server.url());
        experiment = MlflowServer.unique("failure-test");
        model = MlflowServer.unique("detector");
        training = new TrainingOutput(output).random("weights/a.pt", 100_000).random("weights/b.pt", 200_000)
                .text("config.json", "{}");
    }

    @AfterEach
    void tearDown() {
        proxy.close();
    }

    @Test
    void aFileDeletedAfterSelectionLeavesNoVersionAndNamesWhatWasUploaded() throws Exception {
        ModelPublication publication = training.publication(model, "k1", null);
        Files.delete(Path.of(publication.artifacts().get(1).localPath()));

        assertThatThrownBy(() -> register(server.settings(experiment), publication))
                .isInstanceOfSatisfying(ModelRegistryException.class, e -> {
                    assertThat(e.uploaded()).containsExactly("model/weights/a.pt");
                    assertThat(e.getMessage()).contains("uploading model/weights/b.pt", "gone before its upload",
                            "No model version was created");
                });
        assertThat(server.versionsOf(model)).isEmpty();
        assertThat(runStatuses("k1")).containsExactly("FAILED");
    }

    @Test
    void aServerErrorOnEveryAttemptOfTheSecondUploadLeavesNoVersion() throws Exception {
        ArtifactUploadFaults uploads = new ArtifactUploadFaults((ordinal, attempt) -> ordinal == 2 ? Fault.answer(500) : Fault.pass());
        proxy.plan(uploads);

        assertThatThrownBy(() -> register(server.settings(proxy.url(), experiment), training.publication(model, "k2", null)))
                .isInstanceOfSatisfying(ModelRegistryException.class, e -> {
                    assertThat(e.uploaded()).containsExactly("model/weights/a.pt");
                    assertThat(e.getMessage()).contains("answered 500", "3 attempts");
                });
        assertThat(uploads.attempts().values()).containsExactly(1, 3);
        assertThat(server.versionsOf(model)).isEmpty();
        assertThat(runStatuses("k2")).containsExactly("FAILED");
    }

    @Test
    void aTransientServerErrorIsRetriedAndTheVersionIsComplete() throws Exception {
        ArtifactUploadFaults uploads = new ArtifactUploadFaults((ordinal, attempt) -> ordinal == 1 && attempt == 1
                ? Fault.answer(500) : Fault.pass());
        proxy.plan(uploads);
        RecordingLog log = new RecordingLog();

        RegisteredModel registered = new MlflowModelRegistry(server.settings(proxy.url(), experiment))
                .register(training.publication(model, "k3", null), log, log);

        assertThat(uploads.attempts().values()).containsExactly(2, 1, 1, 1);
        assertThat(log.messages()).anyMatch(m -> m.contains("answered 500") && m.contains("attempt 2 of 3"));
        assertThat(server.modelVersion(model, registered.version()).path("status").asText()).isEqualTo("READY");
    }

    @Test
    void contentChangedInTransitFailsTheReadBackAndLeavesNoVersion() throws Exception {
        proxy.plan(new ArtifactUploadFaults((ordinal, attempt) -> ordinal == 2 ? Fault.corruptRequest() : Fault.pass()));

        assertThatThrownBy(() -> register(server.settings(proxy.url(), experiment).withVerification(MlflowSettings.Verification.READ_BACK),
                training.publication(model, "k4", null)))
                .isInstanceOfSatisfying(ModelRegistryException.class, e -> {
                    assertThat(e.getMessage()).contains("verifying the uploads", "model/weights/b.pt has sha256");
                    assertThat(e.uploaded()).hasSize(4);
                });
        assertThat(server.versionsOf(model)).isEmpty();
    }

    @Test
    void aFileRewrittenAfterItWasSelectedFailsItsUploadUnderTheDefaultVerificationAndLeavesNoVersion() throws Exception {
        ModelPublication publication = training.publication(model, "k10", null);
        Path rewritten = Path.of(publication.artifacts().get(1).localPath());
        byte[] sameSizeOtherBytes = Files.readAllBytes(rewritten);
        sameSizeOtherBytes[sameSizeOtherBytes.length / 2] ^= 1;
        Files.write(rewritten, sameSizeOtherBytes);

        assertThatThrownBy(() -> register(server.settings(experiment), publication))
                .isInstanceOfSatisfying(ModelRegistryException.class, e -> {
                    assertThat(e.getMessage()).contains("uploading model/weights/b.pt", "changed since it was selected",
                            "the bytes uploaded have sha256 " + TrainingOutput.sha256(sameSizeOtherBytes),
                            publication.artifacts().get(1).sha256(), "No model version was created");
                    assertThat(e.uploaded()).containsExactly("model/weights/a.pt");
                });
        assertThat(server.versionsOf(model)).isEmpty();
        assertThat(runStatuses("k10")).containsExactly("FAILED");
    }

    @Test
    void aRejectedParamFailsAtOnceWithMlflowsErrorCode() throws Exception {
        ModelPublication base = training.publication(model, "k5", null);
        ModelPublication badParam = new ModelPublication(model, "k5", base.artifacts(), Map.of("bad key!", "1"),
                base.metrics(), base.metricHistory(), base.tags(), base.runManifest(), null);
        RecordingLog log = new RecordingLog();

        assertThatThrownBy(() -> new MlflowModelRegistry(server.settings(experiment)).register(badParam, log, log))
                .isInstanceOf(ModelRegistryException.class)
                .hasMessageContaining("logging params, metrics and tags")
                .hasMessageContaining("400 INVALID_PARAMETER_VALUE");
        assertThat(log.messages()).noneMatch(m -> m.contains("attempt 2"));
        assertThat(runStatuses("k5")).containsExactly("FAILED");
    }

    @Test
    void aFailureAfterTheVersionWasCreatedDeletesItAgain() throws Exception {
        // MLflow reserves aliases like "v1" (they would shadow version numbers): it refuses to set one.
        ModelPublication publication = training.publication(model, "k6", "v1");

        assertThatThrownBy(() -> register(server.settings(experiment), publication))
                .isInstanceOfSatisfying(ModelRegistryException.class, e -> {
                    assertThat(e.getMessage()).contains("pointing alias 'v1' at version 1", "INVALID_PARAMETER_VALUE",
                            "No model version was created");
                    assertThat(e.uploaded()).hasSize(4);
                });
        assertThat(server.versionsOf(model)).isEmpty();
        assertThat(runStatuses("k6")).containsExactly("FAILED");
    }

    @Test
    void anAnswerCutShortOnEveryAttemptSaysWhichCallAndToLookAtTheServer() throws Exception {
        proxy.plan(FaultPlan.onMatching(ProxiedRequest.matching("GET", ".*/artifacts/model/config.json"), 1, Integer.MAX_VALUE,
                Fault.truncateResponse(1)));

        assertThatThrownBy(() -> register(server.settings(proxy.url(), experiment).withVerification(MlflowSettings.Verification.READ_BACK),
                training.publication(model, "k7", null)))
                .isInstanceOf(ModelRegistryException.class)
                .hasMessageContaining("failed while verifying the uploads: GET /api/2.0/mlflow-artifacts/artifacts/")
                .hasMessageContaining("(3 attempts); the server kept failing, see its log")
                .hasMessageContaining("No model version was created");
        assertThat(server.versionsOf(model)).isEmpty();
        assertThat(runStatuses("k7")).containsExactly("FAILED");
    }

    @Test
    void aRunCreatedWhoseAnswerWasLostIsTheRunTheRetryUses() throws Exception {
        proxy.plan(FaultPlan.onMatching(ProxiedRequest.matching("POST", ".*/runs/create"), 1, 1, Fault.answerAfterForwarding(502)));

        RegisteredModel registered = new MlflowModelRegistry(server.settings(proxy.url(), experiment))
                .register(training.publication(model, "k8", null), new RecordingLog(), new RecordingLog());

        assertThat(proxy.injections()).hasSize(1);
        assertThat(server.runsWithKey(experiment, "k8")).singleElement()
                .satisfies(run -> assertThat(run.path("info").path("status").asText()).isEqualTo("FINISHED"))
                .satisfies(run -> assertThat(run.path("info").path("run_id").asText()).isEqualTo(registered.details().get("run_id")));
    }

    @Test
    void aVersionCreatedWhoseAnswerWasLostIsTheOnlyVersionAndGetsTheAlias() throws Exception {
        proxy.plan(FaultPlan.onMatching(ProxiedRequest.matching("POST", ".*/model-versions/create"), 1, 1,
                Fault.answerAfterForwarding(502)));

        RegisteredModel registered = new MlflowModelRegistry(server.settings(proxy.url(), experiment))
                .register(training.publication(model, "k9", "candidate"), new RecordingLog(), new RecordingLog());

        assertThat(proxy.injections()).hasSize(1);
        assertThat(server.versionsOf(model)).singleElement()
                .satisfies(v -> assertThat(v.path("version").asText()).isEqualTo(registered.version()))
                .satisfies(v -> assertThat(v.path("status").asText()).isEqualTo("READY"));
        assertThat(server.get("/api/2.0/mlflow/registered-models/alias", java.util.Map.of("name", model, "alias", "candidate"))
                .path("model_version").path("version").asText()).isEqualTo(registered.version());
    }

    private static void register(MlflowSettings settings, ModelPublication publication) throws InterruptedException {
        new MlflowModelRegistry(settings).register(publication, LogSink.discarding(), ProgressListener.ignoring());
    }

    private List<String> runStatuses(String key) throws Exception {
        return server.runsWithKey(experiment, key).stream().map(run -> run.path("info").path("status").asText()).toList();
    }
}
