package io.gputraining.reliability.input;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gputraining.engine.testing.TestEnvironment;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * What the MLflow server and the OCI test registry hold, read through their own REST APIs (not through the
 * code under test): the versions of one model, a run, an artifact, the tags and blobs of one repository.
 * Answers are kept as text, so a snapshot can be compared and searched for secrets as it is.
 */
public final class RegistryState {

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final ObjectMapper json = new ObjectMapper();

    /** MLflow's registered model and versions of {@code name}, as text: {@code absent} when there is none. */
    public String mlflowModel(String name) throws IOException, InterruptedException {
        HttpResponse<String> model = mlflow("/api/2.0/mlflow/registered-models/get?name=" + encode(name));
        if (model.statusCode() == 404) {
            return "absent";
        }
        return model.statusCode() + " " + model.body() + "\n"
                + mlflow("/api/2.0/mlflow/model-versions/search?filter=" + encode("name = '" + name + "'")).body();
    }

    /** Everything MLflow shows of the model's versions: the versions, their runs (params, tags), the run manifests. */
    public String mlflowEverything(String name) throws IOException, InterruptedException {
        StringBuilder all = new StringBuilder(mlflowModel(name));
        JsonNode versions = json.readTree(mlflow("/api/2.0/mlflow/model-versions/search?filter="
                + encode("name = '" + name + "'")).body()).path("model_versions");
        for (JsonNode v : versions) {
            String runId = v.path("run_id").asText();
            all.append('\n').append(mlflow("/api/2.0/mlflow/runs/get?run_id=" + encode(runId)).body());
            String source = v.path("source").asText();
            int scheme = source.indexOf(":/");
            if (scheme > 0) {
                all.append('\n').append(mlflow("/api/2.0/mlflow-artifacts/artifacts" + source.substring(scheme + 1)
                        + "/run-manifest.json").body());
            }
        }
        return all.toString();
    }

    /** The tags of an OCI repository of the test registry, as its API answers ({@code NAME_UNKNOWN} when absent). */
    public String ociTags(String repository) throws IOException, InterruptedException {
        HttpResponse<String> r = oci("/v2/" + repository + "/tags/list", "application/json");
        return r.statusCode() + " " + r.body();
    }

    /** A version's OCI manifest and every blob it names, as text. */
    public String ociVersion(String repository, String tag) throws IOException, InterruptedException {
        String manifest = oci("/v2/" + repository + "/manifests/" + tag, "application/vnd.oci.image.manifest.v1+json").body();
        StringBuilder all = new StringBuilder(manifest);
        JsonNode m = json.readTree(manifest);
        List<JsonNode> blobs = new ArrayList<>();
        blobs.add(m.path("config"));
        m.path("layers").forEach(blobs::add);
        for (JsonNode blob : blobs) {
            if (blob.has("digest")) {
                all.append('\n').append(oci("/v2/" + repository + "/blobs/" + blob.path("digest").asText(), "*/*").body());
            }
        }
        return all.toString();
    }

    private HttpResponse<String> mlflow(String pathAndQuery) throws IOException, InterruptedException {
        String basic = Base64.getEncoder().encodeToString((TestEnvironment.mlflowUser() + ":" + TestEnvironment.mlflowPassword())
                .getBytes(StandardCharsets.UTF_8));
        return http.send(HttpRequest.newBuilder(URI.create(TestEnvironment.mlflowUrl() + pathAndQuery))
                .header("Authorization", "Basic " + basic).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> oci(String path, String accept) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://" + TestEnvironment.registry() + path)).header("Accept", accept)
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
