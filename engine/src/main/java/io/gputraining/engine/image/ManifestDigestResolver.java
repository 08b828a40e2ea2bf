package io.gputraining.engine.image;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

/**
 * Resolves an image tag to the digest of the manifest the registry serves for it now, through the OCI
 * distribution API ({@code HEAD}, else {@code GET /v2/<repository>/manifests/<tag>}). Index and manifest-list
 * media types are accepted first, so a multi-arch tag resolves to its index digest, the digest
 * {@code docker pull} records. Thread-safe; reuse one instance.
 *
 * <pre>{@code
 * ManifestDigestResolver resolver = ManifestDigestResolver.builder().requestTimeout(Duration.ofSeconds(20)).build();
 * String digest = resolver.resolve(ImageRef.parse("pytorch/pytorch:2.5.1-cuda12.4-cudnn9-runtime"), credentials);
 * }</pre>
 */
public final class ManifestDigestResolver {

    /** What we accept, in preference order: OCI index, Docker manifest list, Docker v2 manifest, OCI manifest. */
    public static final List<String> MANIFEST_MEDIA_TYPES = List.of(
            "application/vnd.oci.image.index.v1+json",
            "application/vnd.docker.distribution.manifest.list.v2+json",
            "application/vnd.docker.distribution.manifest.v2+json",
            "application/vnd.oci.image.manifest.v1+json");

    private static final String DIGEST_HEADER = "Docker-Content-Digest";
    private static final Pattern DIGEST = Pattern.compile("[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[0-9a-f]{32,}");
    private static final Pattern SHA256 = Pattern.compile("sha256:[0-9a-f]{64}");

    private final RegistryHttp http;
    private final ChallengeResponder responder;
    private final InsecureRegistries insecureRegistries;

    private ManifestDigestResolver(Builder b) {
        this.http = new RegistryHttp(b.connectTimeout, b.requestTimeout, b.sslContext);
        this.responder = new ChallengeResponder(http);
        this.insecureRegistries = b.insecureRegistries;
    }

    /** A resolver with 10 s connect and 30 s request timeouts, plain HTTP for loopback only, the JVM's trust. */
    public static ManifestDigestResolver withDefaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@link #resolve(ImageRef, Optional)} with the credentials {@code credentials} has for the image's registry. */
    public String resolve(ImageRef ref, RegistryCredentials credentials) throws InterruptedException {
        return resolve(ref, credentials.forRegistry(ref.registry()));
    }

    /**
     * The digest the registry serves now for {@code ref}'s tag ({@code latest} when it has none); a digest
     * already in {@code ref} is ignored, since the point is to learn what the tag means today.
     *
     * @return the manifest digest, {@code sha256:<64 hex>} for every registry we know
     * @throws ImageNotFoundException           when the registry has no such tag or repository
     * @throws RegistryAuthenticationException  when credentials are missing or refused
     * @throws RegistryUnreachableException     when no HTTP answer comes (refused, DNS, TLS, timeout)
     * @throws RegistryResponseException        on any other status, or a digest that does not check out
     * @throws InterruptedException             when the thread is interrupted; the request is cancelled first
     */
    public String resolve(ImageRef ref, Optional<RegistryAuth> auth) throws InterruptedException {
        RegistryEndpoint endpoint = RegistryEndpoint.of(ref.registry(), insecureRegistries);
        String tag = ref.tagOrLatest();
        URI uri = endpoint.manifestUri(ref.repository(), tag);
        AuthorizedExchange exchange = new AuthorizedExchange(http, responder, endpoint, ref.repository(),
                auth.orElseGet(RegistryAuth::anonymous));

        // HEAD first: no body travels, and Docker Hub does not count HEAD requests against its pull rate limit.
        HttpResponse<byte[]> head = exchange.send(manifestRequest(uri).method("HEAD", HttpRequest.BodyPublishers.noBody()));
        Optional<String> headDigest = head.headers().firstValue(DIGEST_HEADER);
        if (head.statusCode() == 200 && headDigest.isPresent()) {
            return checked(headDigest.get(), "HEAD " + uri);
        }
        // No digest header, or an error: GET gives the body, to hash or to read the registry's error from.
        HttpResponse<byte[]> get = exchange.send(manifestRequest(uri).GET());
        int status = get.statusCode();
        if (status == 200) {
            return digestOfBody(get, "GET " + uri);
        }
        RegistryErrorBody said = RegistryErrorBody.of(get.body());
        if (status == 404) {
            throw new ImageNotFoundException(endpoint, ref.repository(), tag, said.has("NAME_UNKNOWN"), said.summary());
        }
        if (status == 429) {
            throw new RegistryResponseException("GET " + uri, status, "too many requests" + said.asSuffix(),
                    "The registry limits how often one may pull; wait and retry, or authenticate (Docker Hub allows "
                            + "authenticated users more pulls).");
        }
        throw new RegistryResponseException("GET " + uri, status, "unexpected status" + said.asSuffix(),
                "Check that " + endpoint.baseUri() + " is a registry serving the distribution API (/v2/); if it is "
                        + "failing, retry later.");
    }

    private HttpRequest.Builder manifestRequest(URI uri) {
        return http.request(uri).header("Accept", String.join(", ", MANIFEST_MEDIA_TYPES));
    }

    private static String digestOfBody(HttpResponse<byte[]> response, String request) {
        byte[] body = response.body();
        if (body.length == 0) {
            throw new RegistryResponseException(request, -1, "the manifest is empty", "The registry is misbehaving; tell its operator.");
        }
        String computed = "sha256:" + HexFormat.of().formatHex(sha256(body));
        Optional<String> header = response.headers().firstValue(DIGEST_HEADER);
        if (header.isEmpty()) {
            return computed;
        }
        String digest = checked(header.get(), request);
        if (digest.startsWith("sha256:") && !digest.equals(computed)) {
            throw new RegistryResponseException(request, -1, "the manifest's sha256 is " + computed + " but the registry "
                    + "calls it " + digest, "Something between here and the registry altered the content; do not trust it.");
        }
        return digest;
    }

    private static String checked(String digest, String request) {
        String d = digest.strip();
        if (!DIGEST.matcher(d).matches() || (d.startsWith("sha256:") && !SHA256.matcher(d).matches())) {
            throw new RegistryResponseException(request, -1, "its " + DIGEST_HEADER + " '" + d + "' is not a digest",
                    "The registry is misbehaving; tell its operator.");
        }
        return d;
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** Settings of a {@link ManifestDigestResolver}. */
    public static final class Builder {
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration requestTimeout = Duration.ofSeconds(30);
        private InsecureRegistries insecureRegistries = InsecureRegistries.loopbackOnly();
        private SSLContext sslContext;

        private Builder() {
        }

        /** How long to wait for a TCP (and TLS) connection; default 10 s. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout);
            return this;
        }

        /** How long to wait for each response once sent; default 30 s. */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = positive(timeout);
            return this;
        }

        /** Which registries get plain HTTP; default {@link InsecureRegistries#loopbackOnly()}. */
        public Builder insecureRegistries(InsecureRegistries insecure) {
            this.insecureRegistries = Objects.requireNonNull(insecure, "insecureRegistries");
            return this;
        }

        /** The TLS settings (which CAs to trust); default the JVM's. */
        public Builder sslContext(SSLContext context) {
            this.sslContext = Objects.requireNonNull(context, "sslContext");
            return this;
        }

        public ManifestDigestResolver build() {
            return new ManifestDigestResolver(this);
        }

        private static Duration positive(Duration d) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("timeout must be positive, got " + d);
            }
            return d;
        }
    }
}
