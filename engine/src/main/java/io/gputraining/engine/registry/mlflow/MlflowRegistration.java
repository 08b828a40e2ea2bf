package io.gputraining.engine.registry.mlflow;

import io.gputraining.engine.LogSink;
import io.gputraining.engine.ProgressListener;
import io.gputraining.engine.artifacts.ArtifactFile;
import io.gputraining.engine.registry.ModelPublication;
import io.gputraining.engine.registry.ModelRegistryException;
import io.gputraining.engine.registry.RegisteredModel;
import io.gputraining.engine.registry.mlflow.MlflowArtifacts.Expected;
import io.gputraining.engine.registry.mlflow.MlflowModelVersions.Version;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One attempt to register a publication: run, params/metrics/tags, uploads, verification, then the model
 * version. Nothing refers to the uploads until all are verified; any failure (or interrupt) after the run
 * exists deletes a version created by this attempt and marks the run FAILED, so no version is left behind.
 */
final class MlflowRegistration {

    private final MlflowSettings settings;
    private final MlflowHttp http;
    private final ModelPublication publication;
    private final LogSink log;
    private final ProgressListener progress;
    private final List<String> uploaded = new ArrayList<>();
    private MlflowTracking.Run run;
    private Version created;
    private String stage = "starting";

    MlflowRegistration(MlflowSettings settings, MlflowHttp http, ModelPublication publication, LogSink log,
                       ProgressListener progress) {
        this.settings = settings;
        this.http = http;
        this.publication = publication;
        this.log = log;
        this.progress = progress;
    }

    RegisteredModel run() throws InterruptedException {
        try {
            return register();
        } catch (InterruptedException e) {
            String what = "interrupted while " + stage;
            cleanUp(what);
            log.message("MLflow registration " + what + "; no model version was created");
            throw e;
        } catch (IOException | RuntimeException e) {
            Optional<String> leftOver = cleanUp("failed while " + stage);
            String runNote = run == null ? "" : " The run " + run.runId() + " keeps what was logged and is marked FAILED.";
            throw new ModelRegistryException("Registering model '" + publication.modelName() + "' in MLflow at "
                    + settings.trackingUrl() + " failed while " + stage + ": " + http.explain(e) + "."
                    + leftOver.orElse(" No model version was created.") + runNote, uploaded, e);
        }
    }

    private RegisteredModel register() throws IOException, InterruptedException {
        try (MlflowArtifacts artifacts = new MlflowArtifacts(http, settings.verification())) {
            return register(artifacts);
        }
    }

    private RegisteredModel register(MlflowArtifacts artifacts) throws IOException, InterruptedException {
        MlflowTracking tracking = new MlflowTracking(http);
        MlflowModelVersions versions = new MlflowModelVersions(http);
        String name = publication.modelName();

        stage = "looking up experiment '" + settings.experimentName() + "'";
        String experimentId = tracking.experimentId(settings.experimentName());
        stage = "creating a run";
        run = tracking.createRun(experimentId, settings.experimentName(), name,
                Map.of(MlflowModelRegistry.IDEMPOTENCY_TAG, publication.idempotencyKey()));
        log.message("MLflow run " + run.runId() + " in experiment '" + settings.experimentName() + "' (" + experimentId + ")");
        stage = "logging params, metrics and tags";
        tracking.log(run.runId(), publication.params(), publication.metrics(), publication.metricHistory(), publication.tags());

        List<Expected> expected = new ArrayList<>();
        for (ArtifactFile file : publication.artifacts()) {
            String relative = MlflowModelRegistry.MODEL_DIRECTORY + "/" + file.path();
            stage = "uploading " + relative;
            artifacts.upload(run.artifacts(), relative, file, progress);
            uploaded.add(relative);
            expected.add(Expected.of(relative, file));
            log.message("uploaded " + relative + " (" + file.size() + " bytes)");
        }
        byte[] manifest = publication.runManifest();
        String manifestSha256 = HexFormat.of().formatHex(MlflowHttp.sha256Digest().digest(manifest));
        String manifestPath = MlflowModelRegistry.MODEL_DIRECTORY + "/" + ModelPublication.MANIFEST_FILE;
        stage = "uploading " + manifestPath;
        artifacts.upload(run.artifacts(), manifestPath, manifest);
        uploaded.add(manifestPath);
        expected.add(new Expected(manifestPath, manifest.length, manifestSha256));

        stage = "verifying the uploads";
        artifacts.verify(run.artifacts(), expected, progress);
        log.message("verified " + expected.size() + " artifacts (" + settings.verification().label() + ")");
        stage = "finishing run " + run.runId();
        tracking.finish(run.runId(), "FINISHED");

        stage = "creating registered model '" + name + "'";
        versions.ensureRegisteredModel(name);
        stage = "creating a model version";
        Map<String, String> tags = new LinkedHashMap<>(publication.tags());
        tags.put(MlflowModelRegistry.IDEMPOTENCY_TAG, publication.idempotencyKey());
        tags.put(MlflowModelRegistry.MANIFEST_DIGEST_TAG, manifestSha256);
        created = versions.create(name, run.artifacts().uri(MlflowModelRegistry.MODEL_DIRECTORY), run.runId(), tags);
        stage = "waiting for version " + created.version() + " to be READY";
        Version settled = versions.awaitSettled(created, settings.readyTimeout());
        if (!settled.ready()) {
            throw new IOException("version " + settled.version() + " is " + settled.status()
                    + (settled.statusMessage().isEmpty() ? "" : " (" + settled.statusMessage() + ")")
                    + (settled.status().equals("PENDING_REGISTRATION") ? " after " + settings.readyTimeout().toSeconds() + "s" : ""));
        }

        // Two attempts with the same key may have raced past the lookup: the lowest READY version wins.
        stage = "checking for another version with the same idempotency key";
        Optional<Version> earlier = versions.withTag(name, MlflowModelRegistry.IDEMPOTENCY_TAG, publication.idempotencyKey())
                .stream().filter(v -> v.ready() && v.number() < settled.number()).findFirst();
        if (earlier.isPresent()) {
            versions.delete(name, settled.version());
            created = null;
            log.message("version " + earlier.get().version() + " was registered meanwhile under the same idempotency key;"
                    + " removed the duplicate version " + settled.version());
            return MlflowModelRegistry.describe(settings, earlier.get(), tracking.experimentOf(earlier.get().runId()), null);
        }
        if (publication.alias() != null) {
            stage = "pointing alias '" + publication.alias() + "' at version " + settled.version();
            versions.setAlias(name, publication.alias(), settled.version());
        }
        log.message("registered MLflow model '" + name + "' version " + settled.version());
        return MlflowModelRegistry.describe(settings, settled, experimentId, publication.alias());
    }

    /**
     * Undoes what must not survive a failure: the version, if this attempt created one; then marks the run
     * FAILED. Runs with the thread's interrupt status cleared and one attempt per call, so it ends quickly.
     *
     * @return a sentence about a version that could not be deleted, if any
     */
    private Optional<String> cleanUp(String what) {
        boolean interrupted = Thread.interrupted();
        MlflowHttp once = http.once();
        Optional<String> leftOver = Optional.empty();
        try {
            if (created != null) {
                try {
                    new MlflowModelVersions(once).delete(publication.modelName(), created.version());
                    log.message("deleted model version " + created.version() + " again: registration " + what);
                } catch (IOException | RuntimeException e) {
                    leftOver = Optional.of(" Version " + created.version() + " was created but could not be deleted ("
                            + http.explain(e) + "); delete it in MLflow: it may be incomplete.");
                }
            }
            if (run != null) {
                try {
                    new MlflowTracking(once).finish(run.runId(), "FAILED");
                } catch (IOException | RuntimeException e) {
                    log.message("could not mark MLflow run " + run.runId() + " FAILED: " + http.explain(e));
                }
            }
        } catch (InterruptedException e) {
            interrupted = true;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        return leftOver;
    }
}
