package io.gputraining.engine.image;

import java.net.URI;

/**
 * Where the registry API of an image's registry answers. Docker Hub's name {@code docker.io} is served by
 * {@code registry-1.docker.io}; other registries answer at their own name. The scheme is HTTPS unless
 * {@link InsecureRegistries} says plain HTTP.
 *
 * @param registry the registry as named in the image reference
 * @param baseUri  scheme and authority of its API, without path ({@code https://registry-1.docker.io})
 */
public record RegistryEndpoint(String registry, URI baseUri) {

    /** The host that serves Docker Hub's registry API. */
    public static final String DOCKER_HUB_API_HOST = "registry-1.docker.io";

    /** The endpoint of {@code registry} ({@link ImageRef#registry()}). */
    public static RegistryEndpoint of(String registry, InsecureRegistries insecure) {
        String authority = registry.equals(ImageRef.DOCKER_HUB) ? DOCKER_HUB_API_HOST : registry;
        String scheme = insecure.isInsecure(registry) ? "http" : "https";
        return new RegistryEndpoint(registry, URI.create(scheme + "://" + authority));
    }

    /** {@code /v2/<repository>/manifests/<reference>} on this registry. */
    public URI manifestUri(String repository, String reference) {
        return baseUri.resolve("/v2/" + repository + "/manifests/" + reference);
    }

    /** {@code /v2/<repository>/tags/list}, the listing to suggest when a tag is missing. */
    public URI tagsListUri(String repository) {
        return baseUri.resolve("/v2/" + repository + "/tags/list");
    }

    /** {@code host:port} with the scheme's default port filled in, for messages about connections. */
    public String hostPort() {
        int port = baseUri.getPort() >= 0 ? baseUri.getPort() : baseUri.getScheme().equals("https") ? 443 : 80;
        return baseUri.getHost() + ":" + port;
    }
}
