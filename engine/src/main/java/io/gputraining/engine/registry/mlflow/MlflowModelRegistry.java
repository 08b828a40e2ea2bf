package io.gputraining.engine.registry.mlflow;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.gputraining.engine.LogSink;
import io.gputraining.engine.ProgressListener;
import io.gputraining.engine.image.RegistryAuth;
import io.gputraining.engine.registry.ModelPublication;
import io.gputraining.engine.registry.ModelRegistry;
import io.gputraining.engine.registry.ModelRegistryException;
import io.gputraining.engine.registry.RegisteredModel;
import io.gputraining.engine.registry.mlflow.MlflowModelVersions.Version;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Registers models in an MLflow tracking server through its REST API alone (no Python on the agent).
 *
 * <p>A registration creates a run in the configured experiment, logs params, metrics and tags, uploads every
 * artifact through the server's artifact proxy to {@code <run artifacts>/model/<path>} together with the run
 * manifest ({@code model/run-manifest.json}), verifies each upload ({@link MlflowSettings.Verification}), and
 * only then creates a model version whose source is that {@code model} directory, waits until it is READY and
 * points the alias at it. Run and version carry the tag {@value #IDEMPOTENCY_TAG}; registering the same key
 * again returns the READY version that has it. The version's digest is {@code sha256:} of the run manifest's
 * bytes, also stored as its tag {@value #MANIFEST_DIGEST_TAG} (the manifest lists every artifact's sha256).
 *
 * <p>Credentials: a user and password go as HTTP Basic (MLflow's basic-auth app), a token as
 * {@code Authorization: Bearer}; neither appears in logs, messages or tags.
 */
public final class MlflowModelRegistry implements ModelRegistry {

    /** The tag on runs and model versions holding {@link ModelPublication#idempotencyKey()}. */
    public static final String IDEMPOTENCY_TAG = "gpu_training.idempotency_key";
    /** The model-version tag holding the lower-case hex sha256 of the run manifest. */
    public static final String MANIFEST_DIGEST_TAG = "gpu_training.run_manifest_sha256";
    /** The directory below a run's artifact root that a model version's source points at. */
    public static final String MODEL_DIRECTORY = "model";

    private final MlflowSettings settings;
    private final MlflowHttp http;

    public MlflowModelRegistry(MlflowSettings settings) {
        this.settings = settings;
        this.http = MlflowHttp.open(settings, new ObjectMapper());
    }

    /** The server at {@code trackingUrl} with {@link MlflowSettings#of default settings}; null auth is anonymous. */
    public static MlflowModelRegistry of(String trackingUrl, RegistryAuth auth) {
        return new MlflowModelRegistry(MlflowSettings.of(trackingUrl, auth == null ? RegistryAuth.anonymous() : auth));
    }

    /**
     * {@inheritDoc}
     *
     * <p>When a version with the key exists, it is returned as it is: its alias is not moved again.
     *
     * @throws ModelRegistryException nothing was registered; says why and which artifacts reached the server
     */
    @Override
    public RegisteredModel register(ModelPublication publication, LogSink log, ProgressListener progress)
            throws InterruptedException {
        String manifestPath = ModelPublication.MANIFEST_FILE;
        if (publication.artifacts().stream().anyMatch(a -> a.path().equals(manifestPath))) {
            throw new ModelRegistryException("Model '" + publication.modelName() + "' has an artifact named " + manifestPath
                    + ", the name the run manifest is stored under. Rename that file in the training output.", List.of(), null);
        }
        MlflowHttp logging = http.logTo(log);
        Optional<RegisteredModel> existing;
        try {
            existing = lookUp(publication.modelName(), publication.idempotencyKey(), logging);
        } catch (IOException | RuntimeException e) {
            throw new ModelRegistryException("Registering model '" + publication.modelName() + "' in MLflow at "
                    + settings.trackingUrl() + " failed while looking for a version with idempotency key "
                    + publication.idempotencyKey() + ": " + http.explain(e) + ". Nothing was uploaded or created.", List.of(), e);
        }
        if (existing.isPresent()) {
            log.message("MLflow model '" + publication.modelName() + "' version " + existing.get().version()
                    + " is already registered under idempotency key " + publication.idempotencyKey() + "; reusing it");
            return existing.get();
        }
        return new MlflowRegistration(settings, logging, publication, log, progress).run();
    }

    @Override
    public Optional<RegisteredModel> find(String modelName, String idempotencyKey) throws InterruptedException {
        try {
            return lookUp(modelName, idempotencyKey, http);
        } catch (IOException | RuntimeException e) {
            throw new ModelRegistryException("Could not look up model '" + modelName + "' with idempotency key "
                    + idempotencyKey + " in MLflow at " + settings.trackingUrl() + ": " + http.explain(e) + ".", List.of(), e);
        }
    }

    /** The READY version with the key (the lowest, should a race have made two). */
    private Optional<RegisteredModel> lookUp(String modelName, String idempotencyKey, MlflowHttp calls)
            throws IOException, InterruptedException {
        Optional<Version> version = new MlflowModelVersions(calls).withTag(modelName, IDEMPOTENCY_TAG, idempotencyKey)
                .stream().filter(Version::ready).findFirst();
        if (version.isEmpty()) {
            return Optional.empty();
        }
        String experimentId = new MlflowTracking(calls).experimentOf(version.get().runId());
        return Optional.of(describe(settings, version.get(), experimentId, null));
    }

    @Override
    public String describe() {
        return "mlflow " + settings.trackingUrl();
    }

    /** The {@link RegisteredModel} of a READY version. */
    static RegisteredModel describe(MlflowSettings settings, Version version, String experimentId, String alias) {
        String base = settings.trackingUrl().toString();
        Map<String, String> details = new LinkedHashMap<>();
        details.put("run_id", version.runId());
        details.put("experiment_id", experimentId);
        details.put("source", version.source());
        details.put("web_link", base + "/#/models/" + MlflowHttp.encode(version.name()) + "/versions/" + version.version());
        details.put("run_link", base + "/#/experiments/" + experimentId + "/runs/" + version.runId());
        if (alias != null) {
            details.put("alias", alias);
        }
        String manifestSha256 = version.tags().getOrDefault(MANIFEST_DIGEST_TAG, "");
        return new RegisteredModel("mlflow " + base, version.name(), version.version(),
                "models:/" + version.name() + "/" + version.version(),
                manifestSha256.isEmpty() ? "" : "sha256:" + manifestSha256, details);
    }
}
