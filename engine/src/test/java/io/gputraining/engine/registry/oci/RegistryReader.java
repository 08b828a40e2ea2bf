package io.gputraining.engine.registry.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Reads what a registry holds through its own distribution API, independently of the code under test: a
 * manifest with the digest the registry reports, a blob hashed while streaming, the tag list.
 */
final class RegistryReader {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A manifest as served: the registry's digest header, its media type, its bytes and its JSON. */
    record Manifest(String digest, String contentType, byte[] bytes, JsonNode json) { }

    /** A blob as served: the sha256 of what came and how many bytes came. */
    record BlobContent(String digest, long size) { }

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final URI base;
    private final String authorization;

    /**
     * @param authorization the {@code Authorization} header value, or null
     */
    RegistryReader(String hostPort, String authorization) {
        this.base = URI.create("http://" + hostPort);
        this.authorization = authorization;
    }

    Optional<Manifest> manifest(String repository, String reference) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = client.send(request("/v2/" + repository + "/manifests/" + reference)
                .header("Accept", "application/vnd.oci.image.manifest.v1+json").build(), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() == 404) {
            return Optional.empty();
        }
        check(r.statusCode() == 200, "GET manifest " + reference + " answered " + r.statusCode());
        return Optional.of(new Manifest(r.headers().firstValue("Docker-Content-Digest").orElseThrow(),
                r.headers().firstValue("Content-Type").orElse(""), r.body(), JSON.readTree(r.body())));
    }

    BlobContent blob(String repository, String digest) throws IOException, InterruptedException {
        HttpResponse<InputStream> r = client.send(request("/v2/" + repository + "/blobs/" + digest).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        check(r.statusCode() == 200, "GET blob " + digest + " answered " + r.statusCode());
        MessageDigest sha256 = sha256();
        long size = 0;
        try (InputStream in = new DigestInputStream(r.body(), sha256)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                size += n;
            }
        }
        return new BlobContent("sha256:" + HexFormat.of().formatHex(sha256.digest()), size);
    }

    byte[] blobBytes(String repository, String digest) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = client.send(request("/v2/" + repository + "/blobs/" + digest).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        check(r.statusCode() == 200, "GET blob " + digest + " answered " + r.statusCode());
        return r.body();
    }

    /** The repository's tags; empty when the repository does not exist. */
    List<String> tags(String repository) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = client.send(request("/v2/" + repository + "/tags/list").build(), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() == 404) {
            return List.of();
        }
        check(r.statusCode() == 200, "GET tags answered " + r.statusCode());
        List<String> tags = new ArrayList<>();
        JSON.readTree(r.body()).path("tags").forEach(t -> tags.add(t.asText()));
        return tags;
    }

    /** Puts a manifest as is: for tests that build a registry state the code under test would not. */
    String putManifest(String repository, String tag, byte[] manifest) throws IOException, InterruptedException {
        HttpResponse<String> r = client.send(request("/v2/" + repository + "/manifests/" + tag)
                .header("Content-Type", "application/vnd.oci.image.manifest.v1+json")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(manifest)).build(), HttpResponse.BodyHandlers.ofString());
        check(r.statusCode() == 201, "PUT manifest " + tag + " answered " + r.statusCode() + ": " + r.body());
        return r.headers().firstValue("Docker-Content-Digest").orElseThrow();
    }

    static String sha256(byte[] content) {
        return "sha256:" + HexFormat.of().formatHex(sha256().digest(content));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path));
        return authorization == null ? b : b.header("Authorization", authorization);
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException(what);
        }
    }
}
