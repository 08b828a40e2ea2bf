package io.gputraining.engine.registry.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.gputraining.engine.EngineException;
import io.gputraining.engine.artifacts.ArtifactFile;
import io.gputraining.engine.registry.ModelPublication;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads back, through the server's own artifact listing, what was uploaded, and compares sizes: a version is
 * created only over files the server really holds in full. (The proxy API reports sizes, not digests; the
 * digests travel in the run manifest stored beside the files.)
 */
final class MlflowUploadCheck {

    private final MlflowClient client;

    MlflowUploadCheck(MlflowClient client) {
        this.client = client;
    }

    void verify(String directory, List<ArtifactFile> files, long manifestSize) throws InterruptedException {
        Map<String, Long> stored = new HashMap<>();
        list(directory, "", stored);
        for (ArtifactFile file : files) {
            check(file.path(), file.size(), stored);
        }
        check(ModelPublication.MANIFEST_FILE, manifestSize, stored);
    }

    private static void check(String path, long size, Map<String, Long> stored) {
        Long found = stored.get(path);
        if (found == null || found != size) {
            throw new EngineException("The MLflow server holds " + (found == null ? "no " + path : found + " bytes of " + path)
                    + " after the upload of " + size + " bytes; the upload did not arrive whole.");
        }
    }

    private void list(String root, String relative, Map<String, Long> into) throws InterruptedException {
        String path = relative.isEmpty() ? root : root + "/" + relative;
        JsonNode listing = client.get("api/2.0/mlflow-artifacts/artifacts", Map.of("path", path));
        for (JsonNode f : listing.path("files")) {
            String name = f.path("path").asText();
            String child = relative.isEmpty() ? name : relative + "/" + name;
            if (f.path("is_dir").asBoolean()) {
                list(root, child, into);
            } else {
                into.put(child, f.path("file_size").asLong(-1));
            }
        }
    }
}
