package io.gputraining.engine.registry.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gputraining.engine.LogSink;
import io.gputraining.engine.http.RetryPolicy;
import io.gputraining.engine.http.RetryPolicy.TransientFailure;
import io.gputraining.engine.image.AuthorizedExchange;
import io.gputraining.engine.image.ChallengeResponder;
import io.gputraining.engine.image.RegistryAuth;
import io.gputraining.engine.image.RegistryAuthenticationException;
import io.gputraining.engine.image.RegistryEndpoint;
import io.gputraining.engine.image.RegistryErrorBody;
import io.gputraining.engine.image.RegistryHttp;
import io.gputraining.engine.image.RegistryResponseException;
import io.gputraining.engine.image.RegistryUnreachableException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The distribution API calls on one repository that a push needs, each under the retry policy: a 5xx, a 429
 * or a broken connection is retried ({@link TransientFailure}); any other unexpected status fails at once with
 * a {@link RegistryResponseException} carrying the registry's error summary. Not thread-safe; one per
 * registration.
 */
final class RepositoryClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DIGEST_HEADER = "Docker-Content-Digest";
    private static final Pattern NEXT_LINK = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"?next\"?");
    private static final int MAX_TAG_PAGES = 1000;

    private final RegistryHttp http;
    private final ChallengeResponder responder;
    private final RegistryEndpoint endpoint;
    private final String repository;
    private final RegistryAuth auth;
    private final String actions;
    private final RetryPolicy retry;
    private final LogSink log;
    private AuthorizedExchange exchange;
    private boolean accepted;

    RepositoryClient(RegistryHttp http, RegistryEndpoint endpoint, String repository, RegistryAuth auth, String actions,
                     RetryPolicy retry, LogSink log) {
        this.http = http;
        this.responder = new ChallengeResponder(http);
        this.endpoint = endpoint;
        this.repository = repository;
        this.auth = auth;
        this.actions = actions;
        this.retry = retry;
        this.log = log;
        this.exchange = newExchange();
    }

    /** The size the registry has for the blob, or empty when it has none ({@code HEAD /v2/<name>/blobs/<digest>}). */
    Optional<Long> blobSize(String digest) throws IOException, InterruptedException {
        URI uri = api("blobs/" + digest);
        return retry.run("HEAD blob " + digest, log, () -> {
            HttpResponse<byte[]> r = send("HEAD " + uri, http.request(uri).method("HEAD", HttpRequest.BodyPublishers.noBody()));
            if (r.statusCode() == 404) {
                return Optional.empty();
            }
            expect("HEAD " + uri, r, 200);
            return Optional.of(r.headers().firstValueAsLong("Content-Length").orElse(-1));
        });
    }

    /**
     * Uploads a blob in one streamed request: {@code POST} opens an upload session, {@code PUT <location>?digest=}
     * sends the bytes, and the registry refuses them unless they hash to {@code digest}. A retry starts a new session.
     */
    void putBlob(String name, String digest, HttpRequest.BodyPublisher body, Duration timeout) throws IOException, InterruptedException {
        URI start = api("blobs/uploads/");
        retry.run("upload " + name, log, () -> {
            HttpResponse<byte[]> opened = send("POST " + start, http.request(start).POST(HttpRequest.BodyPublishers.noBody()));
            expect("POST " + start, opened, 202);
            URI location = sameRegistry(opened.headers().firstValue("Location").orElseThrow(() -> new RegistryResponseException(
                    "POST " + start, 202, "the answer has no Location for the upload", "The registry is misbehaving; tell its operator.")));
            URI put = URI.create(location + (location.getRawQuery() == null ? "?" : "&") + "digest="
                    + URLEncoder.encode(digest, StandardCharsets.UTF_8));
            String what = "PUT " + location.getPath();
            HttpResponse<byte[]> done;
            try {
                done = send(what, http.request(put).timeout(timeout).header("Content-Type", "application/octet-stream").PUT(body));
            } catch (UncheckedIOException e) {
                throw new IOException("reading " + name + " failed: " + e.getCause().getMessage(), e.getCause());
            }
            RegistryErrorBody said = RegistryErrorBody.of(done.body());
            if (done.statusCode() == 400 && said.has("DIGEST_INVALID")) {
                throw new RegistryResponseException(what, 400, "the content of " + name + " does not hash to " + digest
                        + said.asSuffix(), "The file changed after it was hashed; make sure nothing writes to it while registering.");
            }
            if (done.statusCode() == 404 && said.has("BLOB_UPLOAD_UNKNOWN")) {
                throw new TransientFailure(what + " answered 404: the upload session expired" + said.asSuffix());
            }
            expect(what, done, 201);
            Optional<String> stored = done.headers().firstValue(DIGEST_HEADER);
            if (stored.isPresent() && !stored.get().equals(digest)) {
                throw new RegistryResponseException(what, 201, "it stored " + name + " as " + stored.get() + ", not " + digest,
                        "Something between here and the registry altered the content; do not trust it.");
            }
            return null;
        });
    }

    /** The manifest under a tag or digest, or empty when there is none. */
    Optional<Fetched> manifest(String reference) throws IOException, InterruptedException {
        URI uri = api("manifests/" + reference);
        return retry.run("GET manifest " + reference, log, () -> {
            HttpResponse<byte[]> r = send("GET " + uri, http.request(uri).header("Accept", OciMediaTypes.MANIFEST).GET());
            if (r.statusCode() == 404) {
                return Optional.empty();
            }
            expect("GET " + uri, r, 200);
            String computed = Blob.digestOf(r.body());
            String header = r.headers().firstValue(DIGEST_HEADER).orElse(computed);
            if (!header.equals(computed)) {
                throw new RegistryResponseException("GET " + uri, 200, "the manifest's sha256 is " + computed + " but the "
                        + "registry calls it " + header, "Something between here and the registry altered the content; do not trust it.");
            }
            return Optional.of(new Fetched(computed, r.body()));
        });
    }

    /** Puts a manifest under a tag; returns its digest, checked against the one the registry reports. */
    String putManifest(String tag, byte[] manifest) throws IOException, InterruptedException {
        URI uri = api("manifests/" + tag);
        String digest = Blob.digestOf(manifest);
        return retry.run("PUT manifest " + tag, log, () -> {
            HttpResponse<byte[]> r = send("PUT " + uri, http.request(uri).header("Content-Type", OciMediaTypes.MANIFEST)
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(manifest)));
            expect("PUT " + uri, r, 201);
            String reported = r.headers().firstValue(DIGEST_HEADER).orElse(digest);
            if (!reported.equals(digest)) {
                throw new RegistryResponseException("PUT " + uri, 201, "it stored the manifest as " + reported + ", not "
                        + digest, "Something between here and the registry altered the content; do not trust it.");
            }
            return digest;
        });
    }

    /** Every tag of the repository, following {@code Link} pages; empty when the repository does not exist yet. */
    List<String> tags() throws IOException, InterruptedException {
        List<String> tags = new ArrayList<>();
        URI next = api("tags/list?n=1000");
        for (int page = 0; next != null && page < MAX_TAG_PAGES; page++) {
            URI uri = next;
            HttpResponse<byte[]> r = retry.run("list tags", log, () -> {
                HttpResponse<byte[]> listed = send("GET " + uri, http.request(uri).GET());
                if (listed.statusCode() != 404) {
                    expect("GET " + uri, listed, 200);
                }
                return listed;
            });
            if (r.statusCode() == 404) {
                return tags;
            }
            JsonNode list = JSON.readTree(r.body()).path("tags");
            list.forEach(t -> tags.add(t.asText()));
            next = r.headers().firstValue("Link").map(NEXT_LINK::matcher).filter(Matcher::find)
                    .map(m -> sameRegistry(m.group(1))).orElse(null);
        }
        return tags;
    }

    private URI api(String path) {
        return endpoint.baseUri().resolve("/v2/" + repository + "/" + path);
    }

    // A location on another host would receive our Authorization header; registries answer with their own host.
    private URI sameRegistry(String location) {
        URI uri = endpoint.baseUri().resolve(location);
        if (!Objects.equals(uri.getScheme(), endpoint.baseUri().getScheme())
                || !Objects.equals(uri.getAuthority(), endpoint.baseUri().getAuthority())) {
            throw new RegistryResponseException("an upload to " + endpoint.baseUri(), -1, "it points the upload to "
                    + uri.getScheme() + "://" + uri.getAuthority() + ", another host, which would receive the credentials",
                    "If the registry sits behind a proxy, configure it to return its public address (distribution: "
                            + "http.host, or forward the Host header).");
        }
        return uri;
    }

    /**
     * Sends with the exchange's authorization. A refusal after earlier requests were accepted is most likely an
     * expired token (a long upload outlives it), so a fresh exchange answers a new challenge once.
     */
    private HttpResponse<byte[]> send(String what, HttpRequest.Builder request) throws TransientFailure, InterruptedException {
        try {
            HttpResponse<byte[]> response;
            try {
                response = exchange.send(request);
            } catch (RegistryAuthenticationException refused) {
                if (!accepted) {
                    throw refused;
                }
                exchange = newExchange();
                accepted = false;
                response = exchange.send(request);
            }
            accepted = true;
            return response;
        } catch (RegistryUnreachableException e) {
            throw new TransientFailure(what + ": " + e.getMessage(), e);
        }
    }

    private AuthorizedExchange newExchange() {
        return new AuthorizedExchange(http, responder, endpoint, repository, auth, actions);
    }

    private static void expect(String what, HttpResponse<byte[]> response, int expected) throws TransientFailure {
        int status = response.statusCode();
        if (status == expected) {
            return;
        }
        RegistryErrorBody said = RegistryErrorBody.of(response.body());
        if (status >= 500 || status == 429) {
            throw new TransientFailure(what + " answered " + status + said.asSuffix());
        }
        throw new RegistryResponseException(what, status, "expected " + expected + said.asSuffix(),
                "Check the repository name and that the registry supports the OCI distribution API; the registry's "
                        + "error above says what it refused.");
    }

    /** A manifest as stored: its digest (checked against its bytes) and its bytes. */
    record Fetched(String digest, byte[] content) {
    }
}
