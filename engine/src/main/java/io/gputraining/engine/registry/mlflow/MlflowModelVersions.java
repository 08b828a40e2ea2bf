package io.gputraining.engine.registry.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The model-registry half of the MLflow REST API. Calls: {@code registered-models/create},
 * {@code model-versions/create}, {@code model-versions/get}, {@code model-versions/search} (also to find a version whose
 * creation answer was lost),
 * {@code model-versions/delete}, {@code registered-models/alias} (POST).
 */
final class MlflowModelVersions {

    private static final String API = "/api/2.0/mlflow";
    private static final Duration FIRST_POLL = Duration.ofMillis(100);
    private static final Duration LONGEST_POLL = Duration.ofSeconds(2);

    private final MlflowHttp http;

    MlflowModelVersions(MlflowHttp http) {
        this.http = http;
    }

    /** One model version as MLflow returns it. */
    record Version(String name, String version, String source, String runId, String status, String statusMessage,
                   Map<String, String> tags) {
        static Version of(JsonNode node) {
            Map<String, String> tags = new LinkedHashMap<>();
            node.path("tags").forEach(tag -> tags.put(tag.path("key").asText(), tag.path("value").asText()));
            return new Version(node.path("name").asText(), node.path("version").asText(), node.path("source").asText(),
                    node.path("run_id").asText(), node.path("status").asText(), node.path("status_message").asText(""),
                    Map.copyOf(tags));
        }

        boolean ready() {
            return "READY".equals(status);
        }

        int number() {
            return Integer.parseInt(version);
        }
    }

    /** Creates the registered model unless it exists. */
    void ensureRegisteredModel(String name) throws IOException, InterruptedException {
        try {
            http.post(API + "/registered-models/create", Map.of("name", name));
        } catch (MlflowApiException e) {
            if (!"RESOURCE_ALREADY_EXISTS".equals(e.errorCode())) {
                throw e;
            }
        }
    }

    /**
     * Creates a version of the run's model. {@code model-versions/create} is not idempotent: when the server
     * made the version but its answer was lost, a plain retry would make a second one. The run is this
     * registration's own, so a retry first looks for a version of it.
     */
    Version create(String name, String source, String runId, Map<String, String> tags) throws IOException, InterruptedException {
        ObjectNode body = http.json().createObjectNode().put("name", name).put("source", source).put("run_id", runId);
        var array = body.putArray("tags");
        tags.forEach((key, value) -> array.addObject().put("key", key).put("value", value));
        MlflowHttp once = http.once();
        int[] attempt = {0};
        return http.retrying("POST " + API + "/model-versions/create", () -> {
            if (attempt[0]++ > 0) {
                JsonNode made = once.get(API + "/model-versions/search", Map.of("filter", "name " + match(name)
                        + " AND run_id = '" + runId + "'")).path("model_versions");
                for (JsonNode version : made) {
                    if (version.path("name").asText().equals(name) && version.path("run_id").asText().equals(runId)) {
                        return Version.of(version);
                    }
                }
            }
            return Version.of(once.post(API + "/model-versions/create", body).path("model_version"));
        });
    }

    /**
     * Polls until the version leaves {@code PENDING_REGISTRATION}.
     *
     * @return the version, {@code READY} or {@code FAILED_REGISTRATION}; still pending after {@code timeout}
     */
    Version awaitSettled(Version created, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Duration pause = FIRST_POLL;
        Version current = created;
        while ("PENDING_REGISTRATION".equals(current.status()) && System.nanoTime() < deadline) {
            Thread.sleep(pause.toMillis());
            pause = pause.multipliedBy(2).compareTo(LONGEST_POLL) > 0 ? LONGEST_POLL : pause.multipliedBy(2);
            current = Version.of(http.get(API + "/model-versions/get",
                    Map.of("name", created.name(), "version", created.version())).path("model_version"));
        }
        return current;
    }

    /** Every version of {@code name} whose tag {@code key} is exactly {@code value}, lowest version first. */
    List<Version> withTag(String name, String key, String value) throws IOException, InterruptedException {
        String filter = "name " + match(name) + " AND tags.`" + key + "` " + match(value);
        List<Version> found = new ArrayList<>();
        String pageToken = "";
        do {
            Map<String, String> query = new LinkedHashMap<>();
            query.put("filter", filter);
            query.put("max_results", "1000");
            if (!pageToken.isEmpty()) {
                query.put("page_token", pageToken);
            }
            JsonNode page = http.get(API + "/model-versions/search", query);
            page.path("model_versions").forEach(node -> {
                Version version = Version.of(node);
                // LIKE patterns and case-insensitive collations match more than the exact value: check here.
                if (version.name().equals(name) && value.equals(version.tags().get(key))) {
                    found.add(version);
                }
            });
            pageToken = page.path("next_page_token").asText("");
        } while (!pageToken.isEmpty());
        found.sort(Comparator.comparingInt(Version::number));
        return found;
    }

    void setAlias(String name, String alias, String version) throws IOException, InterruptedException {
        http.post(API + "/registered-models/alias", Map.of("name", name, "alias", alias, "version", version));
    }

    void delete(String name, String version) throws IOException, InterruptedException {
        http.delete(API + "/model-versions/delete", Map.of("name", name, "version", version));
    }

    /**
     * A comparison MLflow's search grammar accepts for {@code value}. Its parser strips the quotes of a string
     * and does not unescape anything inside, so a value holding a quote or backslash cannot be written exactly:
     * those characters become the single-character wildcard of LIKE, and {@link #withTag} checks the result.
     */
    static String match(String value) {
        if (value.indexOf('\'') < 0 && value.indexOf('\\') < 0) {
            return "= '" + value + "'";
        }
        return "LIKE '" + value.replaceAll("['\\\\]", "_") + "'";
    }
}
