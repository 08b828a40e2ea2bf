package io.gputraining.engine.registry.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.gputraining.engine.ProgressListener;
import io.gputraining.engine.ProgressListener.Progress;
import io.gputraining.engine.artifacts.ArtifactFile;
import io.gputraining.engine.registry.mlflow.MlflowSettings.Verification;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run's artifacts through the tracking server's proxy: streamed uploads ({@code PUT
 * /api/2.0/mlflow-artifacts/artifacts/<path>}) and their verification: sizes from the listing ({@code GET
 * /api/2.0/mlflow-artifacts/artifacts?path=<dir>}, one call per directory) and, with
 * {@link Verification#SHA256}, the sha256 of each file downloaded back ({@code GET .../artifacts/<path>}).
 */
final class MlflowArtifacts {

    private final MlflowHttp http;
    private final Verification verification;

    MlflowArtifacts(MlflowHttp http, Verification verification) {
        this.http = http;
        this.verification = verification;
    }

    /** What a file on the server must be. */
    record Expected(String relative, long size, String sha256) {
        static Expected of(String relative, ArtifactFile file) {
            return new Expected(relative, file.size(), file.sha256());
        }
    }

    /**
     * Streams {@code file} to {@code relative} below the run's root.
     *
     * @throws NoSuchFileException the file is gone since it was selected (not retried)
     * @throws IOException         it changed size since then, or the upload failed after every retry
     */
    void upload(ArtifactLocation at, String relative, ArtifactFile file, ProgressListener progress)
            throws IOException, InterruptedException {
        Path local = file.local();
        if (!Files.isRegularFile(local)) {
            throw new NoSuchFileException(file.localPath(), null, "selected as " + file.path() + " but gone before its upload");
        }
        long size = Files.size(local);
        if (size != file.size()) {
            throw new IOException(file.localPath() + " changed since it was selected as " + file.path() + ": "
                    + size + " bytes, was " + file.size() + "; is the training still writing it?");
        }
        http.upload(at.filePath(relative), local, "upload " + relative, progress);
    }

    /** Uploads small content held in memory (the run manifest). */
    void upload(ArtifactLocation at, String relative, byte[] content) throws IOException, InterruptedException {
        http.upload(at.filePath(relative), content);
    }

    /**
     * Checks that every expected file is on the server with its size (and sha256, if configured).
     *
     * @throws IOException naming the first file that differs
     */
    void verify(ArtifactLocation at, List<Expected> files, ProgressListener progress) throws IOException, InterruptedException {
        Map<String, Map<String, Long>> listings = new HashMap<>();
        for (Expected file : files) {
            int slash = file.relative().lastIndexOf('/');
            String directory = slash < 0 ? "" : file.relative().substring(0, slash);
            Map<String, Long> sizes = listings.get(directory);
            if (sizes == null) {
                sizes = list(at, directory);
                listings.put(directory, sizes);
            }
            Long listed = sizes.get(file.relative().substring(slash + 1));
            if (listed == null) {
                throw new IOException(file.relative() + " is not on the server after its upload (listing of "
                        + at.uri(directory) + ")");
            }
            if (listed != file.size()) {
                throw new IOException(file.relative() + " has " + listed + " bytes on the server, "
                        + file.size() + " locally");
            }
            if (verification == Verification.SHA256) {
                String remote = http.sha256(at.filePath(file.relative()));
                if (!remote.equals(file.sha256())) {
                    throw new IOException(file.relative() + " has sha256 " + remote + " on the server, "
                            + file.sha256() + " locally");
                }
            }
            progress.progress(new Progress("verify " + file.relative(), file.relative(), "verified", file.size(), file.size()));
        }
    }

    /** File name → size for the files directly in {@code directory}. */
    private Map<String, Long> list(ArtifactLocation at, String directory) throws IOException, InterruptedException {
        JsonNode answer = http.get(ArtifactLocation.PROXY_API, Map.of("path", at.listParameter(directory)));
        Map<String, Long> sizes = new LinkedHashMap<>();
        for (JsonNode entry : answer.path("files")) {
            if (!entry.path("is_dir").asBoolean(false)) {
                String path = entry.path("path").asText();
                sizes.put(path.substring(path.lastIndexOf('/') + 1), entry.path("file_size").asLong(-1));
            }
        }
        return sizes;
    }
}
