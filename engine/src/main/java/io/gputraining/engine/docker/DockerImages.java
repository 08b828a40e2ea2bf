package io.gputraining.engine.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.command.PullImageCmd;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.AuthConfig;
import io.gputraining.engine.EngineException;
import io.gputraining.engine.LogSink;
import io.gputraining.engine.ProgressListener;
import io.gputraining.engine.image.ImageDigestNotFoundException;
import io.gputraining.engine.image.ImageNotPinnedException;
import io.gputraining.engine.image.ImageRef;
import io.gputraining.engine.image.ImageRequest;
import io.gputraining.engine.image.ManifestDigestResolver;
import io.gputraining.engine.image.PreparedImage;
import io.gputraining.engine.image.RegistryAuth;
import io.gputraining.engine.image.RegistryCredentials;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The daemon's images, seen as the engine needs them: make a pinned image present, pulling only when its
 * digest is not there yet. A tag is resolved to a digest through the registry first, so what runs and what
 * lineage records are the same content even if the tag moves.
 */
public final class DockerImages {

    private final DockerClient docker;
    private final ManifestDigestResolver resolver;
    private final RegistryCredentials credentials;
    private Optional<PodmanPull> podman;

    /** Images whose requests carry their own credentials, or none (anonymous access). */
    public DockerImages(DockerClient docker, ManifestDigestResolver resolver) {
        this(docker, resolver, RegistryCredentials.none());
    }

    /**
     * @param credentials where to find a registry's login when a request carries none, e.g.
     *                    {@link io.gputraining.engine.image.DockerConfigCredentials}; asked only when the
     *                    registry must be contacted (a tag to resolve, an image to pull)
     */
    public DockerImages(DockerClient docker, ManifestDigestResolver resolver, RegistryCredentials credentials) {
        this.docker = docker;
        this.resolver = resolver;
        this.credentials = credentials;
    }

    /**
     * Ensures the requested image is present and pinned.
     *
     * @throws ImageNotPinnedException when {@code requirePinned} and the reference has no digest
     * @throws io.gputraining.engine.image.ImageNotFoundException when the registry has no such tag
     * @throws ImageDigestNotFoundException when it has no such digest
     */
    public PreparedImage ensure(ImageRequest request, LogSink log, ProgressListener progress) throws InterruptedException {
        long started = System.nanoTime();
        ImageRef ref = request.ref();
        // The registry's login is looked up only when the registry is contacted: to resolve a tag, or to pull.
        Optional<RegistryAuth> auth = ref.isPinned() ? Optional.empty() : auth(request, log);
        ImageRef pinned = ref.isPinned() ? ref : pin(request, auth, log);
        Optional<InspectImageResponse> local = inspect(pinned.daemonReference());
        if (local.isPresent()) {
            log.message("Image " + pinned + " is present (id " + shortImageId(local.get().getId()) + "); not pulling.");
            return new PreparedImage(request.ref(), pinned, local.get().getId(), false, 0, elapsed(started));
        }
        Optional<RegistryAuth> pullAuth = ref.isPinned() ? auth(request, log) : auth;
        Optional<PodmanPull> podman = podmanPull();
        int layers;
        long bytes;
        if (podman.isPresent()) {
            layers = podmanPull(podman.get(), pinned, pullAuth, log, progress);
            bytes = 0; // Podman's pull reports no byte counts
        } else {
            PullProgress pull = pull(pinned, pullAuth, log, progress);
            layers = pull.layersDownloaded();
            bytes = pull.bytesDownloaded();
        }
        InspectImageResponse pulled = inspect(pinned.daemonReference()).orElseThrow(() -> new EngineException(
                "Pulled " + pinned + " but the daemon does not list it under that digest; the registry may have served other content."));
        log.message("Pulled " + pinned + ": " + layers + " layers" + (podman.isPresent() ? "" : ", " + humanBytes(bytes)) + ".");
        return new PreparedImage(request.ref(), pinned, pulled.getId(), true, bytes, elapsed(started));
    }

    /** The request's own credentials, else the login {@link #credentials} has for the image's registry. */
    private Optional<RegistryAuth> auth(ImageRequest request, LogSink log) {
        if (request.authIfAny().isPresent()) {
            return request.authIfAny();
        }
        Optional<RegistryAuth> found = credentials.forRegistry(request.ref().registry());
        found.ifPresent(a -> log.message("Logging in to " + request.ref().registry() + " as " + a.describe() + "."));
        return found;
    }

    private ImageRef pin(ImageRequest request, Optional<RegistryAuth> auth, LogSink log) throws InterruptedException {
        ImageRef ref = request.ref();
        String digest;
        try {
            digest = resolver.resolve(ref, auth);
        } catch (EngineException e) {
            if (request.requirePinned()) {
                throw new ImageNotPinnedException(ref, null, e.getMessage());
            }
            throw e;
        }
        if (request.requirePinned()) {
            throw new ImageNotPinnedException(ref, digest, null);
        }
        log.message("Resolved " + ref + " to " + digest + "; pin it as " + ref.withDigest(digest) + " to make runs reproducible.");
        return ref.withDigest(digest);
    }

    /**
     * The local image for a reference, or empty. Never contacts a registry.
     *
     * @throws InterruptedException when interrupted meanwhile (a Jenkins abort)
     */
    public Optional<InspectImageResponse> inspect(String daemonReference) throws InterruptedException {
        try {
            return Optional.of(InterruptibleCall.run(() -> docker.inspectImageCmd(daemonReference).exec()));
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    private PullProgress pull(ImageRef pinned, Optional<RegistryAuth> auth, LogSink log, ProgressListener progress)
            throws InterruptedException {
        log.message("Pulling " + pinned + " ...");
        PullImageCmd cmd = docker.pullImageCmd(pinned.fullName()).withTag(pinned.digest());
        auth.map(a -> authConfig(pinned.registry(), a)).ifPresent(cmd::withAuthConfig);
        try (PullProgress callback = cmd.exec(new PullProgress("pull " + pinned, log, progress))) {
            callback.awaitCompletion();
            rethrowTransportError(callback, pinned);
            if (callback.error() != null) {
                throw pullFailed(pinned, callback.error(), auth);
            }
            return callback;
        } catch (NotFoundException e) {
            throw new ImageDigestNotFoundException(pinned, DockerErrors.message(e));
        } catch (DockerException e) {
            throw pullFailed(pinned, DockerErrors.message(e), auth);
        } catch (IOException e) {
            throw new EngineException("Lost the connection to the Docker daemon while pulling " + pinned + ": " + e.getMessage(), e);
        }
    }

    /** Podman's Docker-compatible pull cannot reach a plain-HTTP registry: its own pull call can ({@link PodmanPull}). */
    private synchronized Optional<PodmanPull> podmanPull() {
        if (podman == null) {
            podman = PodmanPull.forDaemon(docker);
        }
        return podman;
    }

    private static int podmanPull(PodmanPull podman, ImageRef pinned, Optional<RegistryAuth> auth, LogSink log, ProgressListener progress)
            throws InterruptedException {
        log.message("Pulling " + pinned + " (Podman) ...");
        try {
            return podman.pull(pinned, auth, log, progress).layersDownloaded();
        } catch (DockerException e) {
            throw pullFailed(pinned, DockerErrors.message(e), auth);
        }
    }

    private static void rethrowTransportError(PullProgress callback, ImageRef pinned) {
        try {
            callback.rethrowStreamError();
        } catch (NotFoundException e) {
            throw new ImageDigestNotFoundException(pinned, DockerErrors.message(e));
        }
    }

    private static EngineException pullFailed(ImageRef pinned, String daemonMessage, Optional<RegistryAuth> auth) {
        String lower = daemonMessage.toLowerCase();
        if (lower.contains("manifest unknown") || lower.contains("not found") || lower.contains("does not exist")) {
            return new ImageDigestNotFoundException(pinned, daemonMessage);
        }
        if (lower.contains("unauthorized") || lower.contains("authentication required") || lower.contains("denied")
                || lower.contains("no basic auth credentials")) {
            return new EngineException("The registry " + pinned.registry() + " refused to serve " + pinned + ": " + daemonMessage
                    + (auth.isPresent() ? ". Check that the credentials given are valid and may read this repository."
                                        : ". No credentials were given: log in to " + pinned.registry() + " (docker login "
                                          + pinned.registry() + ", or in Jenkins withDockerRegistry) and run again."));
        }
        return new EngineException("Pulling " + pinned + " failed: " + daemonMessage);
    }

    private static AuthConfig authConfig(String registry, RegistryAuth auth) {
        AuthConfig config = new AuthConfig().withRegistryAddress(registry);
        return RegistryAuthConfigs.apply(config, auth);
    }

    private static Duration elapsed(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    static String shortImageId(String id) {
        String hex = id.startsWith("sha256:") ? id.substring(7) : id;
        return hex.length() > 12 ? hex.substring(0, 12) : hex;
    }

    static String humanBytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        List<String> units = List.of("KiB", "MiB", "GiB", "TiB");
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.size() - 1) {
            v /= 1024;
            u++;
        }
        return String.format(java.util.Locale.ROOT, "%.1f %s", v, units.get(u));
    }
}
