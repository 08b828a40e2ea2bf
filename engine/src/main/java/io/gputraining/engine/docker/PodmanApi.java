package io.gputraining.engine.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.dockerjava.api.exception.BadRequestException;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.InternalServerErrorException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.transport.DockerHttpClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The few calls of Podman's own REST API ({@code /libpod/...}) that the engine needs because the
 * Docker-compatible API cannot express them: creating a container with CDI devices and {@code keep-id}, pulling
 * from a registry without TLS, reading whether the service is rootless. They travel over docker-java's transport,
 * on the same socket as every other call. Errors are docker-java's exception types, so callers treat both APIs alike.
 */
final class PodmanApi {

    /** Podman 4 and 5 both serve the 4.0.0 API, the oldest libpod version this engine speaks. */
    static final String PREFIX = "/v4.0.0/libpod";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final DockerHttpClient http;

    PodmanApi(DockerHttpClient http) {
        this.http = http;
    }

    /** {@code GET /libpod/info}: host, store and version facts, rootless and id mappings included. */
    JsonNode info() {
        try (DockerHttpClient.Response response = http.execute(DockerHttpClient.Request.builder()
                .method(DockerHttpClient.Request.Method.GET).path(PREFIX + "/info").build())) {
            return readOk(response, 200);
        }
    }

    /** {@code POST /libpod/containers/create} with a SpecGenerator document; returns the new container's id. */
    String createContainer(ObjectNode specGenerator) {
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(specGenerator);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (DockerHttpClient.Response response = http.execute(DockerHttpClient.Request.builder()
                .method(DockerHttpClient.Request.Method.POST).path(PREFIX + "/containers/create")
                .putHeader("Content-Type", "application/json").bodyBytes(body).build())) {
            return readOk(response, 201).path("Id").asText();
        }
    }

    /**
     * {@code POST /libpod/images/pull}: starts a pull and returns the open response, whose body is one JSON
     * object per line ({@code stream} text, then {@code images}/{@code id} or {@code error}). The caller closes it.
     *
     * @param plainHttp true to skip TLS for this registry; false leaves it to Podman's {@code registries.conf}
     *                  (sending {@code tlsVerify=true} would override a registry marked insecure there)
     */
    DockerHttpClient.Response pull(String reference, boolean plainHttp, String registryAuthHeader) {
        DockerHttpClient.Request.Builder request = DockerHttpClient.Request.builder()
                .method(DockerHttpClient.Request.Method.POST)
                .path(PREFIX + "/images/pull?reference=" + java.net.URLEncoder.encode(reference, StandardCharsets.UTF_8)
                        + (plainHttp ? "&tlsVerify=false" : "") + "&policy=always");
        if (registryAuthHeader != null) {
            request.putHeader("X-Registry-Auth", registryAuthHeader);
        }
        DockerHttpClient.Response response = http.execute(request.build());
        if (response.getStatusCode() != 200) {
            try (response) {
                throw failure(response.getStatusCode(), body(response));
            }
        }
        return response;
    }

    private static JsonNode readOk(DockerHttpClient.Response response, int expected) {
        String body = body(response);
        if (response.getStatusCode() != expected) {
            throw failure(response.getStatusCode(), body);
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new DockerException("Podman answered with unreadable JSON: " + e.getMessage(), response.getStatusCode());
        }
    }

    private static String body(DockerHttpClient.Response response) {
        try (InputStream in = response.getBody()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Podman's error document ({@code {"cause":…,"message":…,"response":N}}) as docker-java's exception for that status. */
    static DockerException failure(int status, String body) {
        String message = body.strip();
        if (message.contains("\"cause\":\"image not known\"")) {
            return new NotFoundException(message); // Podman answers 500 where Docker answers 404
        }
        return switch (status) {
            case 400 -> new BadRequestException(message);
            case 404 -> new NotFoundException(message);
            case 409 -> new ConflictException(message);
            case 500 -> new InternalServerErrorException(message);
            default -> new DockerException(message, status);
        };
    }
}
