package io.gputraining.engine.image;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Pushes tiny OCI images into a registry with the distribution API's upload calls (POST an upload, PUT the
 * blob, PUT the manifest), so tests have content without a Docker daemon.
 */
final class RegistryUpload {

    static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    static final String DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";

    /** A manifest as pushed: its digest as the registry reported it, and its exact bytes. */
    record Pushed(String digest, String mediaType, byte[] content) { }

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final URI base;
    private final String authorization;

    /**
     * @param base          {@code http://127.0.0.1:port}
     * @param authorization the {@code Authorization} header to send, or null
     */
    RegistryUpload(URI base, String authorization) {
        this.base = base;
        this.authorization = authorization;
    }

    /** A one-layer image for {@code platform} ({@code linux/amd64}), tagged {@code tag} unless null. */
    Pushed pushImage(String repository, String tag, String platform, String layerText) throws IOException, InterruptedException {
        String[] osArch = platform.split("/");
        byte[] layer = layerText.getBytes(StandardCharsets.UTF_8);
        String layerDigest = putBlob(repository, layer);
        byte[] config = ("{\"architecture\":\"" + osArch[1] + "\",\"os\":\"" + osArch[0] + "\",\"rootfs\":{\"type\":\"layers\","
                + "\"diff_ids\":[\"" + layerDigest + "\"]},\"config\":{}}").getBytes(StandardCharsets.UTF_8);
        String configDigest = putBlob(repository, config);
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST + "\","
                + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + configDigest
                + "\",\"size\":" + config.length + "},"
                + "\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\"" + layerDigest
                + "\",\"size\":" + layer.length + "}]}";
        return putManifest(repository, tag == null ? digestOf(manifest.getBytes(StandardCharsets.UTF_8)) : tag, OCI_MANIFEST,
                manifest.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * An index over {@code images} (each pushed by {@link #pushImage}), tagged {@code tag}; {@code mediaType}
     * is {@link #OCI_INDEX} or {@link #DOCKER_MANIFEST_LIST}, which have the same shape.
     */
    Pushed pushIndex(String repository, String tag, String mediaType, List<Pushed> images, List<String> platforms)
            throws IOException, InterruptedException {
        StringBuilder entries = new StringBuilder();
        for (int i = 0; i < images.size(); i++) {
            String[] osArch = platforms.get(i).split("/");
            entries.append(i == 0 ? "" : ",").append("{\"mediaType\":\"").append(images.get(i).mediaType())
                    .append("\",\"digest\":\"").append(images.get(i).digest()).append("\",\"size\":")
                    .append(images.get(i).content().length).append(",\"platform\":{\"architecture\":\"").append(osArch[1])
                    .append("\",\"os\":\"").append(osArch[0]).append("\"}}");
        }
        String index = "{\"schemaVersion\":2,\"mediaType\":\"" + mediaType + "\",\"manifests\":[" + entries + "]}";
        return putManifest(repository, tag, mediaType, index.getBytes(StandardCharsets.UTF_8));
    }

    String putBlob(String repository, byte[] content) throws IOException, InterruptedException {
        HttpResponse<String> started = send(request(base.resolve("/v2/" + repository + "/blobs/uploads/"))
                .POST(HttpRequest.BodyPublishers.noBody()), 202);
        String location = started.headers().firstValue("Location").orElseThrow();
        URI upload = base.resolve(location);
        String digest = digestOf(content);
        String separator = upload.getRawQuery() == null ? "?" : "&";
        send(request(URI.create(upload + separator + "digest=" + digest)).header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(content)), 201);
        return digest;
    }

    Pushed putManifest(String repository, String reference, String mediaType, byte[] content)
            throws IOException, InterruptedException {
        HttpResponse<String> put = send(request(base.resolve("/v2/" + repository + "/manifests/" + reference))
                .header("Content-Type", mediaType).PUT(HttpRequest.BodyPublishers.ofByteArray(content)), 201);
        return new Pushed(put.headers().firstValue("Docker-Content-Digest").orElseThrow(), mediaType, content);
    }

    static String digestOf(byte[] content) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpRequest.Builder request(URI uri) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri);
        return authorization == null ? b : b.header("Authorization", authorization);
    }

    private HttpResponse<String> send(HttpRequest.Builder request, int expected) throws IOException, InterruptedException {
        HttpRequest built = request.build();
        HttpResponse<String> response = client.send(built, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(built.method() + " " + built.uri() + " answered " + response.statusCode()
                    + ": " + response.body());
        }
        return response;
    }
}
