package io.gputraining.engine.registry.local;

import io.gputraining.engine.registry.ArtifactChangedException;
import io.gputraining.engine.LogSink;
import io.gputraining.engine.ProgressListener;
import io.gputraining.engine.artifacts.ArtifactFile;
import io.gputraining.engine.artifacts.ByteProgress;
import io.gputraining.engine.artifacts.StreamingSha256;
import io.gputraining.engine.registry.ModelPublication;
import io.gputraining.engine.registry.ModelRegistry;
import io.gputraining.engine.registry.ModelRegistryException;
import io.gputraining.engine.registry.RegisteredModel;
import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileLockInterruptionException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A model registry in a directory: the embedded default, needing no server. Layout below the root:
 * <pre>
 * blobs/sha256/&lt;hex&gt;                        content-addressed files, read-only, shared by all versions
 * models/&lt;name&gt;/.lock                       OS file lock taken to allocate a version or move an alias
 * models/&lt;name&gt;/versions/&lt;n&gt;/manifest.json     the version: see {@link VersionManifest}; its sha256 is the digest
 * models/&lt;name&gt;/versions/&lt;n&gt;/idempotency-key   the key it was registered under, for quick lookup
 * models/&lt;name&gt;/versions/&lt;n&gt;/run-manifest.json link to the run manifest's blob
 * models/&lt;name&gt;/versions/&lt;n&gt;/files/&lt;path&gt;     link to each artifact's blob, under its artifact path
 * models/&lt;name&gt;/aliases/&lt;alias&gt;             the version number an alias points at
 * tmp/                                     work in progress; leftovers of a crashed writer may be deleted
 *                                          whenever no registration runs
 * </pre>
 * <p>Registering copies each artifact into a blob (verified against its selected sha256, so a file that
 * changed since it was selected fails the registration), then, holding the model's lock (threads of this JVM
 * and other processes alike), looks for the idempotency key, takes the next version number and publishes the
 * version directory, built under {@code tmp/}, with one rename. A reader therefore never sees half a version,
 * two registrations with the same key make one version, and a failure or interrupt leaves no version (blobs
 * already stored stay: they are harmless and reused). Local I/O is not retried.
 * <p>Model names and aliases are 1 to 128 letters, digits, '.', '_' or '-', not starting with '.'.
 */
public final class LocalModelRegistry implements ModelRegistry {

    /** The progress task of storing artifacts. */
    public static final String TASK = "store artifacts";

    private final LocalRegistryLayout layout;
    private final BlobStore blobs;
    private final VersionDirectory versionDirectory;

    /** @param root the registry directory; created on the first registration */
    public LocalModelRegistry(Path root) {
        this.layout = new LocalRegistryLayout(root);
        this.blobs = new BlobStore(layout);
        this.versionDirectory = new VersionDirectory(layout);
    }

    public Path root() {
        return layout.root();
    }

    @Override
    public String describe() {
        return "local " + layout.root();
    }

    @Override
    public void checkNames(String modelName, String alias) {
        LocalRegistryLayout.checkName("model name", modelName);
        if (alias != null) {
            LocalRegistryLayout.checkName("alias", alias);
        }
    }

    @Override
    public RegisteredModel register(ModelPublication publication, LogSink log, ProgressListener progress)
            throws InterruptedException {
        String name = LocalRegistryLayout.checkName("model name", publication.modelName());
        if (publication.alias() != null) {
            LocalRegistryLayout.checkName("alias", publication.alias());
        }
        LocalRegistryLayout.checkArtifactPaths(publication);
        Optional<RegisteredModel> earlier = find(name, publication.idempotencyKey());
        List<String> stored = new ArrayList<>();
        try {
            if (earlier.isPresent()) {
                return registeredBefore(earlier.get(), publication, log, null);
            }
            long bytes = 0;
            for (ArtifactFile a : publication.artifacts()) {
                if (blobs.store(a, new ByteProgress(progress, TASK, a.path(), "storing", a.size()))) {
                    stored.add(a.path()); // only what this attempt wrote: present blobs belong to other versions too
                    bytes += a.size();
                }
            }
            log.message("Stored " + stored.size() + " artifacts (" + bytes + " bytes) as blobs in " + describe() + "; "
                    + (publication.artifacts().size() - stored.size()) + " were there already");
            byte[] runManifest = publication.runManifest();
            String runManifestSha = blobs.store(runManifest);
            stored.add(ModelPublication.MANIFEST_FILE);
            return publish(publication, new VersionManifest.Blob("sha256:" + runManifestSha, runManifest.length), log);
        } catch (InterruptedException | ClosedByInterruptException | FileLockInterruptionException e) {
            // File channels answer an interrupt by closing themselves (an IOException, with the flag still set):
            // it is an abort all the same, not a registry that cannot be written.
            Thread.interrupted();
            String message = "Registering model '" + name + "' in " + describe() + " was interrupted; no version"
                    + " was created." + (stored.isEmpty() ? "" : " Stored as blobs before the interrupt (no version"
                    + " refers to them): " + String.join(", ", stored) + ".");
            log.message(message);
            InterruptedException interrupted = new InterruptedException(message);
            interrupted.initCause(e);
            throw interrupted;
        } catch (ArtifactChangedException e) {
            throw new ModelRegistryException("Registering model '" + name + "' in " + describe() + " failed: "
                    + e.getMessage() + ". No version was created.", stored, e);
        } catch (IOException e) {
            String why;
            if (e instanceof NoSuchFileException gone && publication.artifacts().stream()
                    .anyMatch(a -> a.localPath().equals(gone.getFile()))) {
                why = "the file " + gone.getFile() + " is gone since it was selected; keep the run's output in place"
                        + " until registration ends, then register again";
            } else {
                why = e + "; check that the registry directory is writable by this user and has space left";
            }
            throw new ModelRegistryException("Registering model '" + name + "' in " + describe() + " failed: "
                    + why + ". No version was created.", stored, e);
        }
    }

    @Override
    public Optional<RegisteredModel> find(String modelName, String idempotencyKey) {
        List<Integer> numbers = versions(modelName);
        byte[] key = idempotencyKey.getBytes(StandardCharsets.UTF_8);
        // Newest first: a retry usually follows the registration it repeats.
        for (int i = numbers.size() - 1; i >= 0; i--) {
            Path file = layout.version(modelName, numbers.get(i)).resolve(LocalRegistryLayout.IDEMPOTENCY_KEY);
            try {
                if (Arrays.equals(Files.readAllBytes(file), key)) {
                    return version(modelName, numbers.get(i));
                }
            } catch (IOException e) {
                // Not a version this registry wrote; it cannot hold the key.
            }
        }
        return Optional.empty();
    }

    /** The model's version numbers, ascending; empty for an unknown model. */
    public List<Integer> versions(String modelName) {
        Path dir = layout.versions(modelName);
        List<Integer> numbers = new ArrayList<>();
        try (var entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                int n = LocalRegistryLayout.versionNumber(p.getFileName().toString());
                if (n > 0) {
                    numbers.add(n);
                }
            }
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new ModelRegistryException("Cannot list the versions in " + dir + ": " + e + ". Check that the"
                    + " registry directory is readable by this user.", List.of(), e);
        }
        numbers.sort(null);
        return List.copyOf(numbers);
    }

    /** One version, if it exists. */
    public Optional<RegisteredModel> version(String modelName, int version) {
        Path dir = layout.version(modelName, version);
        Path manifest = dir.resolve(LocalRegistryLayout.MANIFEST);
        byte[] json;
        try {
            json = Files.readAllBytes(manifest);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new ModelRegistryException("Cannot read " + manifest + ": " + e + ".", List.of(), e);
        }
        return Optional.of(new RegisteredModel(describe(), modelName, Integer.toString(version), dir.toUri().toString(),
                "sha256:" + StreamingSha256.of(json), Map.of("manifest", manifest.toString(),
                "files", dir.resolve(LocalRegistryLayout.FILES).toString())));
    }

    /** A version's manifest, if the version exists. */
    public Optional<VersionManifest> manifest(String modelName, int version) {
        Path manifest = layout.version(modelName, version).resolve(LocalRegistryLayout.MANIFEST);
        try {
            return Optional.of(VersionManifest.parse(Files.readAllBytes(manifest)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new ModelRegistryException("Cannot read " + manifest + ": " + e + ".", List.of(), e);
        }
    }

    /** The version an alias points at, if the alias exists. */
    public Optional<RegisteredModel> aliased(String modelName, String alias) {
        Path file = layout.alias(modelName, alias);
        try {
            int n = LocalRegistryLayout.versionNumber(Files.readString(file, StandardCharsets.UTF_8).strip());
            return n > 0 ? version(modelName, n) : Optional.empty();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new ModelRegistryException("Cannot read the alias " + file + ": " + e + ".", List.of(), e);
        }
    }

    /**
     * Points {@code alias} at an existing version, replacing where it pointed before.
     *
     * @throws ModelRegistryException when the version does not exist or the alias cannot be written
     */
    public RegisteredModel setAlias(String modelName, String alias, int version) throws InterruptedException {
        LocalRegistryLayout.checkName("alias", alias);
        try (ModelLock lock = lock(modelName)) {
            RegisteredModel target = version(modelName, version).orElseThrow(() -> new ModelRegistryException(
                    "Cannot point alias '" + alias + "' of model '" + modelName + "' at version " + version
                            + ": there is no such version in " + describe() + ".", List.of(), null));
            writeAlias(modelName, alias, version);
            return target;
        } catch (IOException e) {
            throw new ModelRegistryException("Cannot set alias '" + alias + "' of model '" + modelName + "' in "
                    + describe() + ": " + e + ".", List.of(), e);
        }
    }

    /** Where the blob of {@code sha256} (hex) lives; it exists when a stored version refers to it. */
    public Path blob(String sha256) {
        return layout.blob(sha256);
    }

    private RegisteredModel publish(ModelPublication p, VersionManifest.Blob runManifest, LogSink log)
            throws IOException, InterruptedException {
        String name = p.modelName();
        try (ModelLock lock = lock(name)) {
            Optional<RegisteredModel> earlier = find(name, p.idempotencyKey());
            if (earlier.isPresent()) {
                // A concurrent registration of the same key won the race; its version is ours.
                return registeredBefore(earlier.get(), p, log, lock);
            }
            List<Integer> existing = versions(name);
            int n = existing.isEmpty() ? 1 : existing.get(existing.size() - 1) + 1;
            while (Files.exists(layout.version(name, n))) {
                n++; // a directory that is no version (or was written bypassing the lock); never reuse it
            }
            VersionManifest manifest = new VersionManifest(VersionManifest.SCHEMA, name, n, Instant.now().toString(),
                    p.idempotencyKey(), p.artifacts().stream()
                    .map(a -> new VersionManifest.Artifact(a.path(), a.size(), a.sha256())).toList(),
                    p.params(), p.metrics(), p.metricHistory(), p.tags(), p.alias(), runManifest);
            versionDirectory.publish(manifest);
            if (p.alias() != null) {
                writeAlias(name, p.alias(), n);
            }
            RegisteredModel registered = version(name, n).orElseThrow();
            log.message("Registered model '" + name + "' version " + n + " in " + describe() + " ("
                    + registered.digest() + ")" + (p.alias() == null ? "" : ", alias '" + p.alias() + "'"));
            return registered;
        }
    }

    /**
     * Returns the version registered before under the same key, pointing the requested alias at it.
     *
     * @param held the model's lock when the caller holds it already, else null
     */
    private RegisteredModel registeredBefore(RegisteredModel earlier, ModelPublication p, LogSink log, ModelLock held)
            throws InterruptedException, IOException {
        log.message("Model '" + p.modelName() + "' was registered before under idempotency key '" + p.idempotencyKey()
                + "': version " + earlier.version() + " in " + describe() + "; not creating another.");
        if (p.alias() != null && !aliased(p.modelName(), p.alias()).map(RegisteredModel::version)
                .equals(Optional.of(earlier.version()))) {
            // An earlier attempt may have ended between publishing the version and moving the alias.
            if (held != null) {
                writeAlias(p.modelName(), p.alias(), Integer.parseInt(earlier.version()));
            } else {
                setAlias(p.modelName(), p.alias(), Integer.parseInt(earlier.version()));
            }
        }
        return earlier;
    }

    private ModelLock lock(String modelName) throws IOException, InterruptedException {
        Path lockFile = layout.lockFile(modelName);
        Files.createDirectories(lockFile.getParent());
        return ModelLock.acquire(lockFile);
    }

    private void writeAlias(String modelName, String alias, int version) throws IOException {
        versionDirectory.replaceSynced(layout.alias(modelName, alias),
                (version + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
