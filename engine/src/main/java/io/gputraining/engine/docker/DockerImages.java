package io.gputraining.engine.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import io.gputraining.engine.EngineException;
import io.gputraining.engine.LogSink;
import io.gputraining.engine.ProgressListener;
import io.gputraining.engine.image.DockerConfigException;
import io.gputraining.engine.image.ImageDigestNotFoundException;
import io.gputraining.engine.image.ImageId;
import io.gputraining.engine.image.ImageNotFoundException;
import io.gputraining.engine.image.ImageNotPinnedException;
import io.gputraining.engine.image.ImageRef;
import io.gputraining.engine.image.ImageReference;
import io.gputraining.engine.image.ImageRequest;
import io.gputraining.engine.image.InvalidPullPolicyException;
import io.gputraining.engine.image.LocalImageNotFoundException;
import io.gputraining.engine.image.LocalTagUnverifiedException;
import io.gputraining.engine.image.ManifestDigestResolver;
import io.gputraining.engine.image.PreparedImage;
import io.gputraining.engine.image.PreparedImage.Origin;
import io.gputraining.engine.image.PullPolicy;
import io.gputraining.engine.image.RegistryAuth;
import io.gputraining.engine.image.RegistryAuthenticationException;
import io.gputraining.engine.image.RegistryCredentials;
import io.gputraining.engine.image.RegistryException;
import io.gputraining.engine.image.RegistryUnreachableException;
import java.time.Duration;
import java.util.Optional;

/**
 * The daemon's images, seen as the engine needs them: make the requested image present and pinned, under the
 * request's {@link PullPolicy}. What runs is always named by content — the registry's manifest digest, or the
 * image ID of an image only this daemon has — and the log says which image ran and why.
 */
public final class DockerImages {

    private final DockerClient docker;
    private final ManifestDigestResolver resolver;
    private final RegistryCredentials credentials;
    private final ImagePull puller;

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
        this.puller = new ImagePull(docker);
    }

    /**
     * Ensures the requested image is present and pinned, pulling as the request's policy says.
     *
     * @throws ImageNotPinnedException      when {@code requirePinned} and the reference has neither digest nor image ID
     * @throws LocalImageNotFoundException  when the image had to be in the daemon (pull: never, an image ID) and is not
     * @throws LocalTagUnverifiedException  when the registry cannot say what the tag names now and the daemon's copy came from it
     * @throws ImageNotFoundException      when the registry has no such tag and the daemon no such image
     * @throws ImageDigestNotFoundException when the registry has no such digest
     */
    public PreparedImage ensure(ImageRequest request, LogSink log, ProgressListener progress) throws InterruptedException {
        long started = System.nanoTime();
        Chosen chosen;
        if (request.reference() instanceof ImageId id) {
            chosen = byId(request, id);
        } else {
            ImageRef ref = (ImageRef) request.reference();
            chosen = ref.isPinned() ? byDigest(request, ref, null, log, progress) : byTag(request, ref, log, progress);
        }
        log.message(chosen.why());
        return new PreparedImage(request.reference(), chosen.pinned(), chosen.image().id(), chosen.origin(), chosen.bytes(),
                Duration.ofNanos(System.nanoTime() - started));
    }

    /** An image ID is never pulled (Docker cannot pull by ID either): it must be here. */
    private Chosen byId(ImageRequest request, ImageId id) throws InterruptedException {
        if (request.pull() == PullPolicy.ALWAYS) {
            throw new InvalidPullPolicyException("The pull policy 'always' cannot apply to image " + id + ": no registry serves"
                    + " an image by its ID. Use pull: 'missing' or 'never' with an image ID, or give the image's name to pull it.");
        }
        DaemonImage image = find(id.value()).orElseThrow(() -> LocalImageNotFoundException.byId(id));
        return new Chosen(id, image, Origin.PRESENT, 0, "Image " + id + " is present; running it by that image ID.");
    }

    /** @param knownAuth the login already looked up for the registry, or null when it was not yet */
    private Chosen byDigest(ImageRequest request, ImageRef pinned, Optional<RegistryAuth> knownAuth, LogSink log,
                            ProgressListener progress) throws InterruptedException {
        if (request.pull() != PullPolicy.ALWAYS) {
            Optional<DaemonImage> present = find(pinned.daemonReference());
            if (present.isPresent()) {
                return new Chosen(pinned, present.get(), Origin.PRESENT, 0,
                        "Image " + pinned + " is present (id " + present.get().shortId() + "); not pulling.");
            }
            if (request.pull() == PullPolicy.NEVER) {
                throw LocalImageNotFoundException.pullNever(pinned);
            }
        }
        Optional<RegistryAuth> auth = knownAuth != null ? knownAuth : auth(request, log);
        ImagePull.Downloaded pull = puller.pull(pinned, auth, log, progress);
        DaemonImage pulled = find(pinned.daemonReference()).orElseThrow(() -> new EngineException(
                "Pulled " + pinned + " but the daemon does not list it under that digest; the registry may have served other content."));
        String what = pull.layers() == 0 ? "up to date, nothing to download"
                : pull.layers() + " layers" + (pull.bytesKnown() ? ", " + ImagePull.humanBytes(pull.bytes()) : "");
        return new Chosen(pinned, pulled, Origin.PULLED, pull.bytes(), "Pulled " + pinned + ": " + what + "; image id "
                + pulled.shortId() + ".");
    }

    private Chosen byTag(ImageRequest request, ImageRef ref, LogSink log, ProgressListener progress) throws InterruptedException {
        PullPolicy policy = request.pull();
        if (policy == PullPolicy.NEVER || policy == PullPolicy.MISSING) {
            Optional<DaemonImage> cached = find(ref.daemonReference());
            if (cached.isPresent()) {
                return fromDaemon(request, ref, cached.get(), "pull: " + policy + ", so the registry was not asked");
            }
            if (policy == PullPolicy.NEVER) {
                throw LocalImageNotFoundException.pullNever(ref);
            }
        }
        Optional<RegistryAuth> auth;
        String digest;
        try {
            auth = auth(request, log);
            digest = resolver.resolve(ref, auth);
        } catch (RegistryException | DockerConfigException e) {
            if (policy == PullPolicy.NEWER) {
                Optional<DaemonImage> local = find(ref.daemonReference());
                if (local.isPresent()) {
                    return localInsteadOfRegistry(request, ref, local.get(), e);
                }
                log.message("The daemon has no image " + ref + " either.");
            }
            if (request.requirePinned()) {
                throw new ImageNotPinnedException(ref, null, e.getMessage());
            }
            throw e;
        }
        if (request.requirePinned()) {
            throw new ImageNotPinnedException(ref, digest, null);
        }
        ImageRef pinned = ref.withDigest(digest);
        log.message("Resolved " + ref + " to " + digest + "; pin it as " + pinned + " to make runs reproducible.");
        Chosen chosen = byDigest(request, pinned, auth, log, progress);
        if (policy != PullPolicy.NEWER) {
            puller.tag(chosen.image().id(), ref); // as docker pull NAME:TAG leaves it: the tag names what was pulled
        }
        return chosen;
    }

    /**
     * The registry could not say what the tag names now. The daemon's image stands in only when no registry ever
     * vouched for it (built or loaded here): a copy pulled from that registry may be older than the tag's content.
     */
    private Chosen localInsteadOfRegistry(ImageRequest request, ImageRef ref, DaemonImage local, EngineException registryError) {
        Optional<ImageRef> pulledAs = local.pinnedIn(ref);
        if (pulledAs.isPresent()) {
            throw new LocalTagUnverifiedException(ref, pulledAs.get(), local.id(), registryError);
        }
        return fromDaemon(request, ref, local, whyNoRegistry(ref, registryError));
    }

    /** The daemon's image for a tag, pinned to the digest the daemon recorded for that repository, else to its ID. */
    private static Chosen fromDaemon(ImageRequest request, ImageRef ref, DaemonImage image, String why) {
        Optional<ImageRef> pulledAs = image.pinnedIn(ref);
        ImageReference pin = pulledAs.<ImageReference>map(p -> p).orElseGet(image::imageId);
        if (request.requirePinned()) {
            throw ImageNotPinnedException.inDaemon(ref, pin, why);
        }
        if (pulledAs.isPresent()) {
            return new Chosen(pin, image, Origin.CACHED, 0, "Using the daemon's " + ref + " (id " + image.shortId() + ", pulled as "
                    + pin + "): " + why + "; the registry's tag may name newer content.");
        }
        return new Chosen(pin, image, Origin.LOCAL_ONLY, 0, "Image " + ref + " is local-only (built or loaded on this host; " + why
                + "): running image id " + image.id() + ", pinned by that ID.");
    }

    private static String whyNoRegistry(ImageRef ref, EngineException e) {
        String registry = ref.registry();
        if (e instanceof ImageNotFoundException) {
            return registry + " has no " + ref.familiarName() + ":" + ref.tagOrLatest();
        }
        if (e instanceof RegistryUnreachableException u) {
            return "its registry " + u.hostPort() + " is unreachable";
        }
        if (e instanceof RegistryAuthenticationException) {
            return registry + " refused to say what the tag names";
        }
        if (e instanceof DockerConfigException) {
            return "the login for " + registry + " could not be read";
        }
        return registry + " could not say what the tag names";
    }

    /** The request's own credentials, else the login {@link #credentials} has for the image's registry. */
    private Optional<RegistryAuth> auth(ImageRequest request, LogSink log) {
        if (request.authIfAny().isPresent()) {
            return request.authIfAny();
        }
        ImageRef ref = (ImageRef) request.reference();
        Optional<RegistryAuth> found = credentials.forRegistry(ref.registry());
        found.ifPresent(a -> log.message("Logging in to " + ref.registry() + " as " + a.describe() + "."));
        return found;
    }

    private Optional<DaemonImage> find(String daemonReference) throws InterruptedException {
        return inspect(daemonReference).map(DaemonImage::of);
    }

    /**
     * The local image for a reference (a name or an image ID), or empty. Never contacts a registry.
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

    /** The image chosen to run, its pin, why it is the one, and what the pull downloaded. */
    private record Chosen(ImageReference pinned, DaemonImage image, Origin origin, long bytes, String why) {
    }
}
