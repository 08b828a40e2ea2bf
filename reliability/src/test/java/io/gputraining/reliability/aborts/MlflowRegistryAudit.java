package io.gputraining.reliability.aborts;

import io.gputraining.reliability.DirectHttp;
import io.gputraining.reliability.Sha256;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads one registered model of an MLflow tracking server back through its REST API and artifact proxy:
 * every model version must be READY, and its run manifest (under the version's source) must hash to the
 * digest the version's tag claims, and every file the manifest lists must come back with its size and sha256.
 * A version failing any of these is half-registered.
 */
final class MlflowRegistryAudit {

    private static final String DIGEST_TAG = "gpu_training.run_manifest_sha256";
    private static final String PROXY = "/api/2.0/mlflow-artifacts/artifacts/";

    private MlflowRegistryAudit() {
    }

    static RegistryAudit of(String url, String user, String password, String model) throws IOException, InterruptedException {
        DirectHttp http = new DirectHttp(url.replaceAll("/+$", ""), DirectHttp.basic(user, password));
        String filter = URLEncoder.encode("name='" + model + "'", StandardCharsets.UTF_8);
        JsonNode found = http.foundJson("/api/2.0/mlflow/model-versions/search?max_results=1000&filter=" + filter, null)
                .orElseGet(MissingNode::getInstance);
        List<String> problems = new ArrayList<>();
        int versions = 0;
        for (JsonNode v : found.path("model_versions")) {
            String which = "MLflow " + model + " version " + v.path("version").asText();
            List<String> wrong = version(http, v);
            if (wrong.isEmpty()) {
                versions++;
            } else {
                problems.add(which + ": " + String.join("; ", wrong));
            }
        }
        return new RegistryAudit(versions, problems);
    }

    private static List<String> version(DirectHttp http, JsonNode v) throws IOException, InterruptedException {
        List<String> wrong = new ArrayList<>();
        if (!"READY".equals(v.path("status").asText())) {
            wrong.add("status " + v.path("status").asText());
        }
        String claimed = null;
        for (JsonNode tag : v.path("tags")) {
            if (DIGEST_TAG.equals(tag.path("key").asText())) {
                claimed = tag.path("value").asText();
            }
        }
        if (claimed == null) {
            wrong.add("no " + DIGEST_TAG + " tag");
            return wrong;
        }
        String source = URI.create(v.path("source").asText()).getPath().replaceAll("^/+|/+$", "");
        Optional<DirectHttp.Answer> manifest = http.found(PROXY + source + "/run-manifest.json", null);
        if (manifest.isEmpty()) {
            wrong.add("its run-manifest.json is missing");
            return wrong;
        }
        Sha256 got = Sha256.of(manifest.get().body());
        if (!got.hex().equals(claimed)) {
            wrong.add("its run-manifest.json hashes to " + got.hex() + ", the tag claims " + claimed);
            return wrong;
        }
        JsonNode artifacts = manifest.get().json().path("artifacts");
        if (artifacts.isEmpty()) {
            wrong.add("its run manifest lists no files");
        }
        for (JsonNode a : artifacts) {
            String path = a.path("path").asText();
            Optional<Sha256> file = http.foundContent(PROXY + source + "/" + path);
            if (file.isEmpty()) {
                wrong.add(path + " is missing");
            } else if (!file.get().hex().equals(a.path("sha256").asText()) || file.get().size() != a.path("size").asLong()) {
                wrong.add(path + " came as " + file.get().size() + " bytes with sha256 " + file.get().hex());
            }
        }
        return wrong;
    }
}
