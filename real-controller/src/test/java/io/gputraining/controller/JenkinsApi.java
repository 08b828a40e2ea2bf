package io.gputraining.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Jenkins' own HTTP interface, as a script or a user's tooling calls it: HTTP Basic as a user, the CSRF crumb
 * on every POST (bound to the session, so cookies are kept), {@code createItem} with a job's {@code config.xml},
 * {@code build}/{@code buildWithParameters} followed through the queue, and the JSON API to wait for results.
 */
final class JenkinsApi {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    private final URI root;
    private final String authorization;
    private final HttpClient client;
    private final ObjectMapper mapper = new ObjectMapper();

    JenkinsApi(URI root, String user, String password) {
        this.root = root;
        this.authorization = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        this.client = HttpClient.newBuilder().cookieHandler(new CookieManager()).connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** The controller's root URL, ending in {@code /}. */
    URI root() {
        return root;
    }

    /** The status of an authenticated GET, without failing on any. */
    int status(String path) throws IOException, InterruptedException {
        return send(get(path), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    String text(String path) throws IOException, InterruptedException {
        return ok(send(get(path), HttpResponse.BodyHandlers.ofString()), path).body();
    }

    JsonNode json(String path) throws IOException, InterruptedException {
        return mapper.readTree(text(path));
    }

    void download(String path, Path target) throws IOException, InterruptedException {
        ok(send(get(path), HttpResponse.BodyHandlers.ofFile(target)), path);
    }

    /** Creates a job (in a folder when {@code parentPath} is a job path such as {@code job/team/}) from its XML. */
    void createItem(String parentPath, String name, String configXml) throws IOException, InterruptedException {
        post(parentPath + "createItem?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8), "application/xml", configXml);
    }

    /**
     * Schedules a build of the job at {@code jobPath} (such as {@code job/a/job/main/}) and waits until it has a
     * number.
     *
     * @param parameters empty for a job without parameters
     */
    int schedule(String jobPath, Map<String, String> parameters, Duration timeout) throws IOException, InterruptedException {
        String form = parameters.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpResponse<String> response = post(jobPath + (parameters.isEmpty() ? "build?delay=0sec" : "buildWithParameters?delay=0sec"),
                "application/x-www-form-urlencoded", form);
        String queueItem = response.headers().firstValue("Location")
                .orElseThrow(() -> new IOException("POST " + jobPath + "build answered no queue item (Location)"));
        String queuePath = root.relativize(URI.create(queueItem)).toString();
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            JsonNode item = json(queuePath + "api/json");
            if (item.path("executable").has("number")) {
                return item.path("executable").path("number").asInt();
            }
            if (item.path("cancelled").asBoolean()) {
                throw new IOException("the queue item of " + jobPath + " was cancelled: " + item.path("why").asText());
            }
            waitOrFail(deadline, "the build of " + jobPath + " to leave the queue: " + item.path("why").asText());
        }
    }

    /** Waits until the build at {@code buildPath} (such as {@code job/a/3/}) has finished; its JSON. */
    JsonNode awaitBuild(String buildPath, Duration timeout) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            if (status(buildPath + "api/json") == 200) {
                JsonNode build = json(buildPath + "api/json");
                if (!build.path("building").asBoolean(true) && !build.path("result").isNull()) {
                    return build;
                }
            }
            waitOrFail(deadline, buildPath + " to finish");
        }
    }

    /** Waits until {@code path} answers an authenticated GET with 200. */
    void awaitPage(String path, Duration timeout) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (status(path) != 200) {
            waitOrFail(deadline, path + " to answer 200");
        }
    }

    HttpResponse<String> post(String path, String contentType, String body) throws IOException, InterruptedException {
        JsonNode crumb = json("crumbIssuer/api/json");
        HttpRequest request = base(path).header("Content-Type", contentType)
                .header(crumb.path("crumbRequestField").asText(), crumb.path("crumb").asText())
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> response = send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 400) {
            throw new IOException("POST " + path + " answered " + response.statusCode() + ": " + abbreviate(response.body()));
        }
        return response;
    }

    private static void waitOrFail(Instant deadline, String what) throws IOException, InterruptedException {
        if (Instant.now().isAfter(deadline)) {
            throw new IOException("timed out waiting for " + what);
        }
        Thread.sleep(500);
    }

    private HttpRequest get(String path) {
        return base(path).GET().build();
    }

    private HttpRequest.Builder base(String path) {
        return HttpRequest.newBuilder(root.resolve(path)).timeout(REQUEST_TIMEOUT).header("Authorization", authorization);
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) throws IOException, InterruptedException {
        return client.send(request, handler);
    }

    private static <T> HttpResponse<T> ok(HttpResponse<T> response, String path) throws IOException {
        if (response.statusCode() != 200) {
            throw new IOException("GET " + path + " answered " + response.statusCode()
                    + (response.body() instanceof String body ? ": " + abbreviate(body) : ""));
        }
        return response;
    }

    private static String abbreviate(String body) {
        return body.length() <= 2000 ? body : body.substring(0, 2000) + "…";
    }
}
