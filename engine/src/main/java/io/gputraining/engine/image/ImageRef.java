package io.gputraining.engine.image;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed container image reference: {@code [registry/]repository[:tag][@digest]}, following the grammar
 * of the distribution project's reference package. Docker Hub names are normalised the way Docker does
 * ({@code pytorch/pytorch} is {@code docker.io/pytorch/pytorch}, {@code ubuntu} is
 * {@code docker.io/library/ubuntu}); {@link #toString()} prints the familiar short form again.
 *
 * @param registry   registry host with optional port, {@code docker.io} for Docker Hub
 * @param repository path inside the registry, lower case
 * @param tag        tag, or null when the reference has none
 * @param digest     content digest ({@code sha256:<64 hex>}), or null when not pinned
 */
public record ImageRef(String registry, String repository, String tag, String digest) implements ImageReference {

    public static final String DOCKER_HUB = "docker.io";
    private static final String DEFAULT_TAG = "latest";
    private static final String OFFICIAL_PREFIX = "library/";

    private static final String COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
    private static final Pattern PATH = Pattern.compile(COMPONENT + "(?:/" + COMPONENT + ")*");
    private static final Pattern DOMAIN = Pattern.compile(
            "(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*"
                    + "|\\[[0-9a-fA-F:.]+\\])(?::[0-9]{1,5})?");
    private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
    private static final Pattern DIGEST = Pattern.compile("([a-z0-9]+(?:[.+_-][a-z0-9]+)*):([0-9a-fA-F]{32,})");
    /** Hex length of each algorithm Docker accepts (go-digest's registered ones); the hex must be lower case. */
    private static final Map<String, Integer> DIGEST_HEX_LENGTH = Map.of("sha256", 64, "sha384", 96, "sha512", 128);
    /** A bare image id, which Docker refuses as a repository name. */
    private static final Pattern IMAGE_ID = Pattern.compile("(?:sha256:)?[a-f0-9]{64}");
    private static final int MAX_REPOSITORY_LENGTH = 255;

    public ImageRef {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(repository, "repository");
        if (!DOMAIN.matcher(registry).matches()) {
            throw new InvalidImageReferenceException(registry + "/" + repository, "registry '" + registry + "' is not a host name");
        }
        if (!PATH.matcher(repository).matches()) {
            throw new InvalidImageReferenceException(repository,
                    "repository '" + repository + "' must be lower-case letters, digits and separators (. _ __ -), in /-separated parts");
        }
        if (repository.length() > MAX_REPOSITORY_LENGTH) {
            throw new InvalidImageReferenceException(registry + "/" + repository, "the repository name has "
                    + repository.length() + " characters; registries take at most " + MAX_REPOSITORY_LENGTH);
        }
        if (tag != null && !TAG.matcher(tag).matches()) {
            throw new InvalidImageReferenceException(tag, "tag '" + tag + "' must be 1-128 of letters, digits, '_', '.', '-', not starting with '.' or '-'");
        }
        if (digest != null) {
            checkDigest(registry + "/" + repository + "@" + digest, digest);
        }
    }

    /**
     * Parses a reference as users write it.
     *
     * @throws InvalidImageReferenceException with the reason, for anything Docker would refuse
     */
    public static ImageRef parse(String reference) {
        if (reference == null || reference.isBlank()) {
            throw new InvalidImageReferenceException(String.valueOf(reference), "it is empty; give an image such as pytorch/pytorch:2.5.1-cuda12.4-cudnn9-runtime@sha256:…");
        }
        String ref = reference.strip();
        if (!ref.equals(reference) || ref.chars().anyMatch(Character::isWhitespace)) {
            throw new InvalidImageReferenceException(reference, "it contains whitespace");
        }
        if (IMAGE_ID.matcher(ref).matches()) {
            throw new InvalidImageReferenceException(reference, "it is an image id or digest without a repository name; "
                    + "write name@sha256:<digest>, such as pytorch/pytorch@sha256:…");
        }
        String digest = null;
        int at = ref.indexOf('@');
        if (at >= 0) {
            digest = ref.substring(at + 1);
            ref = ref.substring(0, at);
            checkDigest(reference, digest);
        }
        String tag = null;
        int slash = ref.lastIndexOf('/');
        int colon = ref.lastIndexOf(':');
        if (colon > slash) {
            tag = ref.substring(colon + 1);
            ref = ref.substring(0, colon);
            if (!TAG.matcher(tag).matches()) {
                throw new InvalidImageReferenceException(reference, "tag '" + tag + "' must be 1-128 of letters, digits, '_', '.', '-', not starting with '.' or '-'");
            }
        }
        if (ref.isEmpty()) {
            throw new InvalidImageReferenceException(reference, "it has no repository name");
        }
        String registry = DOCKER_HUB;
        String path = ref;
        int firstSlash = ref.indexOf('/');
        if (firstSlash > 0) {
            String first = ref.substring(0, firstSlash);
            if (first.contains(".") || first.contains(":") || first.equals("localhost") || !first.equals(first.toLowerCase())) {
                registry = first;
                path = ref.substring(firstSlash + 1);
            }
        }
        if (registry.equals("index.docker.io")) {
            registry = DOCKER_HUB;
        }
        if (!DOMAIN.matcher(registry).matches()) {
            throw new InvalidImageReferenceException(reference, "registry '" + registry + "' is not a host name");
        }
        if (!PATH.matcher(path).matches()) {
            String hint = path.equals(path.toLowerCase()) ? "" : " (repository names are lower case)";
            throw new InvalidImageReferenceException(reference, "repository '" + path + "' is not a valid name" + hint);
        }
        if (registry.equals(DOCKER_HUB) && !path.contains("/")) {
            path = OFFICIAL_PREFIX + path;
        }
        return new ImageRef(registry, path, tag, digest);
    }

    private static void checkDigest(String reference, String digest) {
        Matcher m = DIGEST.matcher(digest);
        if (!m.matches()) {
            throw new InvalidImageReferenceException(reference, "digest '" + digest + "' must look like sha256:<64 hex digits>");
        }
        Integer hexLength = DIGEST_HEX_LENGTH.get(m.group(1));
        if (hexLength == null) {
            throw new InvalidImageReferenceException(reference, "digest algorithm '" + m.group(1)
                    + "' is not supported; use sha256 (or sha384, sha512)");
        }
        String hex = m.group(2);
        if (hex.length() != hexLength || !hex.equals(hex.toLowerCase(Locale.ROOT))) {
            throw new InvalidImageReferenceException(reference, m.group(1) + " digest must be " + hexLength
                    + " lower-case hex digits, got '" + hex + "' (" + hex.length() + " characters)");
        }
    }

    /** True when the reference names content by digest. */
    @Override
    public boolean isPinned() {
        return digest != null;
    }

    /** The tag to resolve when no digest is given: the explicit one, or {@code latest}. */
    public String tagOrLatest() {
        return tag == null ? DEFAULT_TAG : tag;
    }

    public Optional<String> tagIfAny() {
        return Optional.ofNullable(tag);
    }

    /** This reference pinned to {@code newDigest}, keeping the tag for readability. */
    public ImageRef withDigest(String newDigest) {
        return new ImageRef(registry, repository, tag, newDigest);
    }

    /** {@code registry/repository} as the Docker API wants it for pulls and RepoDigests. */
    public String fullName() {
        return registry + "/" + repository;
    }

    /** The name in the short form Docker prints ({@code pytorch/pytorch}, {@code ubuntu}). */
    public String familiarName() {
        if (!registry.equals(DOCKER_HUB)) {
            return fullName();
        }
        // Only official images (library/<name>) lose the prefix: "library/a/b" printed as "a/b" would parse
        // back as docker.io/a/b, another repository.
        String official = repository.startsWith(OFFICIAL_PREFIX) ? repository.substring(OFFICIAL_PREFIX.length()) : null;
        return official != null && !official.contains("/") ? official : repository;
    }

    /** What to hand the daemon to address exactly this content: name@digest when pinned, else name:tag. */
    @Override
    public String daemonReference() {
        return isPinned() ? fullName() + "@" + digest : fullName() + ":" + tagOrLatest();
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(familiarName());
        if (tag != null) {
            s.append(':').append(tag);
        }
        if (digest != null) {
            s.append('@').append(digest);
        }
        return s.toString();
    }
}
