package io.gputraining.engine.registry.oci;

import io.gputraining.engine.EngineException;
import io.gputraining.engine.LogSink;
import io.gputraining.engine.ProgressListener;
import io.gputraining.engine.http.RetryPolicy;
import io.gputraining.engine.image.RegistryAuth;
import io.gputraining.engine.image.RegistryCredentials;
import io.gputraining.engine.image.RegistryEndpoint;
import io.gputraining.engine.image.RegistryHttp;
import io.gputraining.engine.registry.ModelPublication;
import io.gputraining.engine.registry.ModelRegistry;
import io.gputraining.engine.registry.ModelRegistryException;
import io.gputraining.engine.registry.RegisteredModel;
import io.gputraining.engine.registry.oci.ModelManifest.StoredVersion;
import io.gputraining.engine.registry.oci.RepositoryClient.Fetched;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Registers model versions as OCI artifacts (CNCF ModelPack layout, see {@link OciMediaTypes}) in any registry
 * that speaks the OCI distribution API. A model lives in {@code <base repository>/<model name>}; its versions
 * are the tags {@code 1}, {@code 2}, …; an alias is one more tag on the same manifest.
 * <p>A registration uploads every blob (skipping those the registry has, confirming each one's size after
 * upload), and only then puts the manifest, under the next version number: until that moment no tag names
 * the upload, and blobs no manifest refers to are left to the registry's garbage collection. The version's
 * idempotency key is an annotation of the manifest and a tag {@code idem-<sha256(key)[:16]>} pointing at it,
 * so a retried registration finds its version in one request (and, should that tag be missing after a crash,
 * among the newest {@value #IDEMPOTENCY_SCAN_LIMIT} versions); it then returns that version, re-creating its
 * idempotency tag and pointing the alias at it if either is missing or elsewhere.
 * <p>Version numbers: the registry offers no compare-and-swap on tags, so two registrations of the same
 * model at the same moment may pick the same number. Each checks before and after putting its tag that the
 * tag names its own manifest, and moves to the next number when it does not; a remaining window (both checks
 * passing before the other's put) can leave one of them untagged but still reachable by digest and by its
 * idempotency tag. Thread-safe; reuse one instance.
 *
 * <pre>{@code
 * ModelRegistry registry = OciModelRegistry.builder("registry.lan:5000", "models").credentials(credentials).build();
 * RegisteredModel model = registry.register(publication, log, progress); // oci://registry.lan:5000/models/resnet@sha256:…
 * }</pre>
 */
public final class OciModelRegistry implements ModelRegistry {

    /** Version tags read, newest first, when the idempotency tag is missing (a crash right after tagging a version). */
    static final int IDEMPOTENCY_SCAN_LIMIT = 10;
    private static final int VERSION_CLAIM_ATTEMPTS = 5;
    private static final String GARBAGE = " No version was created; the registry's garbage collection removes the blobs "
            + "that no manifest refers to.";

    private final String registry;
    private final String baseRepository;
    private final RegistryEndpoint endpoint;
    private final RegistryHttp http;
    private final RegistryCredentials credentials;
    private final RetryPolicy retryPolicy;
    private final Duration requestTimeout;
    private final long minimumUploadBytesPerSecond;
    private final Clock clock;

    OciModelRegistry(OciModelRegistryBuilder b) {
        this.registry = b.registry;
        this.baseRepository = b.baseRepository;
        this.endpoint = RegistryEndpoint.of(b.registry, b.insecureRegistries);
        this.http = new RegistryHttp(b.connectTimeout, b.requestTimeout, b.sslContext);
        this.credentials = b.credentials;
        this.retryPolicy = b.retryPolicy;
        this.requestTimeout = b.requestTimeout;
        this.minimumUploadBytesPerSecond = b.minimumUploadBytesPerSecond;
        this.clock = b.clock;
    }

    /**
     * @param registry       the registry as {@code host[:port]}, without scheme ({@code registry.lan:5000})
     * @param baseRepository the repository under which each model gets its own ({@code models}); empty for the root
     */
    public static OciModelRegistryBuilder builder(String registry, String baseRepository) {
        return new OciModelRegistryBuilder(registry, baseRepository);
    }

    /**
     * @throws InvalidOciNameException  when the model name or alias cannot be an OCI name (nothing is sent)
     * @throws ModelRegistryException   when the registration failed; its message and {@link ModelRegistryException#uploaded()}
     *                                  say which files reached the registry without becoming a version
     * @throws IllegalArgumentException when an artifact is at {@value ModelPublication#MANIFEST_FILE}, the run manifest's place
     */
    @Override
    public RegisteredModel register(ModelPublication publication, LogSink log, ProgressListener progress) throws InterruptedException {
        ModelRepository repo = ModelRepository.of(registry, baseRepository, publication.modelName());
        String alias = VersionTags.checkAlias(publication.alias());
        List<Blob> layers = layers(publication);
        RepositoryClient client = client(repo, "pull,push", log);
        String failed = "Registering model '" + publication.modelName() + "' in " + repo.reference() + " failed: ";

        Optional<StoredVersion> existing = call(failed, " Nothing was uploaded or created.", List.of(),
                () -> lookup(client, publication.idempotencyKey()));
        if (existing.isPresent()) {
            StoredVersion version = existing.get();
            log.message("Model '" + publication.modelName() + "' version " + version.version() + " is already registered under "
                    + "this idempotency key (" + repo.reference() + "@" + version.digest() + "); not registering it again");
            String finishing = "Model '" + publication.modelName() + "' version " + version.version() + " exists, but tagging it failed: ";
            call(finishing, "", List.of(), () -> tagVersion(client, version, alias, publication.idempotencyKey()));
            return registered(repo, publication.modelName(), version, alias);
        }

        long total = layers.stream().mapToLong(Blob::size).sum();
        log.message("Registering model '" + publication.modelName() + "' in " + repo.reference() + ": " + layers.size()
                + " files, " + BlobPusher.size(total));
        ModelManifest manifest = ModelManifest.of(publication, layers, clock.instant());
        BlobPusher pusher = new BlobPusher(client, log, progress, "push " + repo.reference(), requestTimeout,
                minimumUploadBytesPerSecond);
        StoredVersion version = upload(client, repo, manifest, publication, layers, pusher, failed, log);
        String finishing = "Model '" + publication.modelName() + "' version " + version.version() + " was created and is complete ("
                + repo.reference() + "@" + version.digest() + "), but tagging it failed; register again with the same "
                + "idempotency key to finish: ";
        call(finishing, "", List.of(), () -> tagVersion(client, version, alias, publication.idempotencyKey()));
        RegisteredModel model = registered(repo, publication.modelName(), version, alias);
        log.message("Registered model '" + publication.modelName() + "' version " + version.version() + ": " + model.uri());
        return model;
    }

    @Override
    public Optional<RegisteredModel> find(String modelName, String idempotencyKey) throws InterruptedException {
        ModelRepository repo = ModelRepository.of(registry, baseRepository, modelName);
        RepositoryClient client = client(repo, "pull", LogSink.discarding());
        return call("Looking up model '" + modelName + "' in " + repo.reference() + " failed: ", "", List.of(),
                () -> lookup(client, idempotencyKey)).map(v -> registered(repo, modelName, v, null));
    }

    @Override
    public void checkNames(String modelName, String alias) {
        ModelRepository.of(registry, baseRepository, modelName);
        VersionTags.checkAlias(alias);
    }

    @Override
    public String describe() {
        return "oci " + registry + (baseRepository.isEmpty() ? "" : "/" + baseRepository);
    }

    private static List<Blob> layers(ModelPublication publication) {
        List<Blob> layers = new ArrayList<>();
        publication.artifacts().forEach(artifact -> {
            if (artifact.path().equals(ModelPublication.MANIFEST_FILE)) {
                throw new IllegalArgumentException("an artifact is at " + ModelPublication.MANIFEST_FILE + ", where the "
                        + "publication's run manifest goes; leave that file out of the artifacts");
            }
            layers.add(Blob.of(artifact));
        });
        layers.add(Blob.of(ModelPublication.MANIFEST_FILE, OciMediaTypes.RUN_MANIFEST, publication.runManifest()));
        return layers;
    }

    private RepositoryClient client(ModelRepository repo, String actions, LogSink log) {
        RegistryAuth auth = credentials.forRegistry(registry).orElseGet(RegistryAuth::anonymous);
        return new RepositoryClient(http, endpoint, repo.repository(), auth, actions, retryPolicy, log);
    }

    /** The version registered under {@code key}: by its idempotency tag, else among the newest versions. */
    private static Optional<StoredVersion> lookup(RepositoryClient client, String key) throws IOException, InterruptedException {
        Optional<StoredVersion> tagged = client.manifest(VersionTags.idempotencyTag(key)).flatMap(OciModelRegistry::read)
                .filter(v -> v.idempotencyKey().equals(key));
        if (tagged.isPresent()) {
            return tagged;
        }
        for (String version : VersionTags.newestVersions(client.tags(), IDEMPOTENCY_SCAN_LIMIT)) {
            Optional<StoredVersion> stored = client.manifest(version).flatMap(OciModelRegistry::read);
            if (stored.isPresent() && stored.get().idempotencyKey().equals(key) && stored.get().version().equals(version)) {
                return stored;
            }
        }
        return Optional.empty();
    }

    private static Optional<StoredVersion> read(Fetched fetched) {
        return ModelManifest.read(fetched.content(), fetched.digest());
    }

    /**
     * Uploads the files, then claims a version for them; a failure once a manifest was sent is settled by asking
     * the registry ({@link #settle}).
     */
    private StoredVersion upload(RepositoryClient client, ModelRepository repo, ModelManifest manifest, ModelPublication publication,
                                 List<Blob> layers, BlobPusher pusher, String failed, LogSink log) throws InterruptedException {
        List<String> uploaded = new ArrayList<>(); // the files that reached the registry, for the failure's message
        List<String> sentTags = new ArrayList<>();
        try {
            return call(failed, GARBAGE, uploaded, () -> {
                for (Blob layer : layers) {
                    if (pusher.push(layer)) {
                        uploaded.add(layer.name());
                    }
                }
                pusher.push(manifest.config());
                return claimVersion(client, repo, manifest, publication, log, sentTags);
            });
        } catch (ModelRegistryException e) {
            if (sentTags.isEmpty() || e.getCause() instanceof VersionConflictException) {
                throw e;
            }
            return settle(client, publication, failed, sentTags.get(sentTags.size() - 1), e, log);
        }
    }

    /**
     * A failure once a version's manifest was sent leaves it unknown whether the registry stored it (a lost answer)
     * or not (a connection broken mid-body): the registry is asked. Stored, the version is complete (a registry
     * refuses a manifest whose blobs it lacks) and the registration goes on with it; not stored, the failure stands
     * and says truly that no version was created; when even the read fails, the version is in doubt.
     */
    private static StoredVersion settle(RepositoryClient client, ModelPublication publication, String failed, String tag,
                                        ModelRegistryException e, LogSink log) throws InterruptedException {
        Optional<StoredVersion> stored;
        try {
            stored = lookup(client, publication.idempotencyKey());
        } catch (IOException | EngineException readFailed) {
            e.addSuppressed(readFailed);
            throw versionInDoubt(failed, tag, e);
        }
        if (stored.isEmpty()) {
            throw e;
        }
        log.message("Version " + stored.get().version() + " was stored although the registry's answer was lost ("
                + e.getCause().getMessage() + "); it is complete, going on with it");
        return stored.get();
    }

    /**
     * Once a version's manifest was sent, a failure (even of that very PUT: its answer may be what got lost)
     * can leave the version tagged and complete: "no version was created" would not be true.
     */
    private static ModelRegistryException versionInDoubt(String failed, String tag, ModelRegistryException e) {
        String reason = e.getMessage().substring(failed.length(), e.getMessage().indexOf(GARBAGE));
        return new ModelRegistryException(failed + reason + " Version " + tag + " may exist now, complete: its manifest was "
                + "sent before the failure, and every file it refers to was uploaded. Register again with the same idempotency "
                + "key: that finishes version " + tag + " if it is there, and registers the model anew if it is not.",
                List.of(), e.getCause());
    }

    /**
     * Puts the manifest under the next free version number, checking that the tag then names this manifest.
     *
     * @param sentTags where the tags whose manifest was sent are noted, before each is sent
     */
    private static StoredVersion claimVersion(RepositoryClient client, ModelRepository repo, ModelManifest manifest,
                                              ModelPublication publication, LogSink log, List<String> sentTags)
            throws IOException, InterruptedException {
        long number = VersionTags.next(client.tags());
        for (int attempt = 0; attempt < VERSION_CLAIM_ATTEMPTS; attempt++, number++) {
            String tag = Long.toString(number);
            if (client.manifest(tag).isPresent()) {
                log.message("Version " + tag + " appeared meanwhile (a concurrent registration); trying " + (number + 1));
                continue;
            }
            byte[] bytes = manifest.forVersion(tag);
            sentTags.add(tag);
            String digest = client.putManifest(tag, bytes);
            if (client.manifest(tag).map(Fetched::digest).filter(digest::equals).isPresent()) {
                return new StoredVersion(publication.modelName(), tag, publication.idempotencyKey(), digest, bytes);
            }
            log.message("Version " + tag + " was taken by a concurrent registration; trying " + (number + 1));
        }
        throw new VersionConflictException(repo.reference(), VERSION_CLAIM_ATTEMPTS);
    }

    /** Points the idempotency tag and the alias at the version, unless they already do. */
    private static Void tagVersion(RepositoryClient client, StoredVersion version, String alias, String key)
            throws IOException, InterruptedException {
        for (String tag : alias == null ? List.of(VersionTags.idempotencyTag(key)) : List.of(VersionTags.idempotencyTag(key), alias)) {
            if (client.manifest(tag).map(Fetched::digest).filter(version.digest()::equals).isEmpty()) {
                client.putManifest(tag, version.manifest());
            }
        }
        return null;
    }

    private RegisteredModel registered(ModelRepository repo, String modelName, StoredVersion version, String alias) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("tag", version.version());
        details.put("repository", repo.repository());
        details.put("reference", repo.reference() + ":" + version.version());
        if (alias != null) {
            details.put("alias", alias);
        }
        return new RegisteredModel(describe(), modelName, version.version(), "oci://" + repo.reference() + "@" + version.digest(),
                version.digest(), details);
    }

    @FunctionalInterface
    private interface Step<T> {
        T run() throws IOException, InterruptedException;
    }

    /**
     * Runs a step, turning what the registry or the files did wrong into a {@link ModelRegistryException}.
     *
     * @param afterword what the failure leaves behind, appended to the message
     */
    private <T> T call(String failed, String afterword, List<String> uploaded, Step<T> step) throws InterruptedException {
        try {
            return step.run();
        } catch (ModelRegistryException e) {
            throw e;
        } catch (IOException | EngineException e) {
            String attempts = e instanceof RetryPolicy.TransientFailure
                    ? " (gave up after " + retryPolicy.maxAttempts() + " attempts; see the registry's log, then register again)" : "";
            String reason = e.getMessage().replaceAll("\\.$", "") + attempts + ".";
            throw new ModelRegistryException(failed + reason + afterword, uploaded, e);
        }
    }
}
