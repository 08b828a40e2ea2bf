package io.gputraining.engine.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.transport.DockerHttpClient;
import io.gputraining.engine.LogSink;
import io.gputraining.engine.ProgressListener;
import io.gputraining.engine.image.ImageRef;
import io.gputraining.engine.image.InsecureRegistries;
import io.gputraining.engine.image.RegistryAuth;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pulls through Podman's own pull call. Podman's Docker-compatible pull has no TLS switch: it reaches a registry
 * over plain HTTP only when {@code registries.conf} marks it insecure, so a loopback registry that Docker pulls
 * from out of the box fails there ("server gave HTTP response to HTTPS client"). This call takes
 * {@code tlsVerify=false} for the registries Docker also reaches without TLS ({@link InsecureRegistries}: loopback),
 * and leaves every other registry to {@code registries.conf}.
 * Podman reports the pull as text lines ("Copying blob sha256:…"), without byte counts.
 */
final class PodmanPull {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern BLOB = Pattern.compile("Copying blob (?:sha256:)?([0-9a-f]{12})[0-9a-f]*( skipped| done)?");

    private final PodmanApi api;
    private final InsecureRegistries insecure;

    PodmanPull(PodmanApi api, InsecureRegistries insecure) {
        this.api = api;
        this.insecure = insecure;
    }

    /** A puller for {@code docker} when it talks to Podman; empty for Docker, whose own pull needs no help. */
    static Optional<PodmanPull> forDaemon(DockerClient docker) {
        if (docker instanceof DockerClientImpl client && DaemonFactsProbe.isPodman(docker.versionCmd().exec())) {
            return Optional.of(new PodmanPull(new PodmanApi(client.getHttpClient()), InsecureRegistries.loopbackOnly()));
        }
        return Optional.empty();
    }

    /** What a finished pull did. */
    record Summary(int layersDownloaded, String imageId) {
    }

    /**
     * Pulls {@code pinned} and waits for the end; an interrupt closes the connection (Podman then cancels the
     * pull) and is rethrown.
     *
     * @throws com.github.dockerjava.api.exception.DockerException with Podman's message when the pull failed
     */
    Summary pull(ImageRef pinned, Optional<RegistryAuth> auth, LogSink log, ProgressListener progress) throws InterruptedException {
        String task = "pull " + pinned;
        boolean plainHttp = insecure.isInsecure(pinned.registry());
        DockerHttpClient.Response response = InterruptibleCall.run(() -> api.pull(pinned.daemonReference(), plainHttp,
                auth.map(a -> authHeader(pinned.registry(), a)).orElse(null)));
        CompletableFuture<Summary> done = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try {
                done.complete(follow(response, task, log, progress));
            } catch (RuntimeException | IOException e) {
                done.completeExceptionally(e);
            }
        }, "gpu-training podman pull");
        reader.setDaemon(true);
        reader.start();
        try {
            return done.get();
        } catch (InterruptedException e) {
            response.close();
            throw e;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new java.io.UncheckedIOException("Lost the connection to Podman while pulling " + pinned, (IOException) e.getCause());
        } finally {
            response.close();
        }
    }

    private static Summary follow(DockerHttpClient.Response response, String task, LogSink log, ProgressListener progress) throws IOException {
        Map<String, String> blobs = new LinkedHashMap<>();
        String imageId = null;
        String error = null;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.getBody(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode report = JSON.readTree(line);
                if (report.hasNonNull("error")) {
                    error = report.get("error").asText();
                }
                if (report.hasNonNull("id")) {
                    imageId = report.get("id").asText();
                }
                for (String text : report.path("stream").asText("").split("\n")) {
                    Matcher blob = BLOB.matcher(text);
                    if (blob.find()) {
                        String status = blob.group(2) == null ? "Copying" : blob.group(2).contains("skipped") ? "Already exists" : "Pull complete";
                        blobs.merge(blob.group(1), status, (old, now) -> old.equals("Already exists") ? old : now);
                        progress.progress(new ProgressListener.Progress(task, blob.group(1), status, -1, -1));
                    }
                }
            }
        }
        if (error != null) {
            throw PodmanApi.failure(500, JSON.createObjectNode().put("message", error).toString());
        }
        int copied = (int) blobs.values().stream().filter(s -> !s.equals("Already exists")).count();
        blobs.forEach((blob, status) -> {
            if (!status.equals("Already exists")) {
                log.message("  layer " + blob + " pulled");
            }
        });
        return new Summary(copied, imageId);
    }

    /** The X-Registry-Auth header: base64url of the JSON login, as Docker's and Podman's APIs read it. */
    static String authHeader(String registry, RegistryAuth auth) {
        Map<String, String> login = new LinkedHashMap<>();
        login.put("serveraddress", registry);
        switch (auth.kind()) {
            case ANONYMOUS -> { }
            case USERNAME_PASSWORD -> {
                login.put("username", auth.username());
                login.put("password", auth.secret());
            }
            case IDENTITY_TOKEN -> login.put("identitytoken", auth.secret());
            case BEARER_TOKEN -> login.put("registrytoken", auth.secret());
        }
        try {
            return Base64.getUrlEncoder().encodeToString(JSON.writeValueAsBytes(login));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
