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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A run's artifacts through the tracking server's proxy: streamed uploads ({@code PUT
 * /api/2.0/mlflow-artifacts/artifacts/<path>}), each hashed as it is sent and compared with the file's recorded
 * digest, and their verification: sizes from the listing ({@code GET /api/2.0/mlflow-artifacts/artifacts?path=<dir>},
 * one call per directory) and, with {@link Verification#READ_BACK}, the sha256 of each file downloaded back
 * ({@code GET .../artifacts/<path>}) on a thread of its own, so that one file's read-back overlaps the next
 * one's upload. Close it to stop read-backs still running.
 */
final class MlflowArtifacts implements AutoCloseable {

    private final MlflowHttp http;
    private final Verification verification;
    private final Map<String, Future<String>> readBacks = new HashMap<>();
    private ExecutorService reader;

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
     * Streams {@code file} to {@code relative} below the run's root and checks that the bytes sent are the ones
     * the file held when it was selected; with read-back, starts reading it back.
     *
     * @throws NoSuchFileException the file is gone since it was selected (not retried)
     * @throws IOException         it changed since then, or the upload failed after every retry
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
        String sent = http.upload(at.filePath(relative), local, "upload " + relative, progress);
        if (!sent.equals(file.sha256())) {
            throw new IOException(file.localPath() + " changed since it was selected as " + file.path() + ": the bytes"
                    + " uploaded have sha256 " + sent + ", the file had " + file.sha256() + " when it was selected and"
                    + " recorded in the run manifest; is the training still writing it?");
        }
        startReadBack(at, relative);
    }

    /** Uploads small content held in memory (the run manifest). */
    void upload(ArtifactLocation at, String relative, byte[] content) throws IOException, InterruptedException {
        http.upload(at.filePath(relative), content);
        startReadBack(at, relative);
    }

    private void startReadBack(ArtifactLocation at, String relative) {
        if (verification != Verification.READ_BACK) {
            return;
        }
        if (reader == null) {
            reader = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "mlflow-read-back");
                t.setDaemon(true);
                return t;
            });
        }
        readBacks.put(relative, reader.submit(() -> http.sha256(at.filePath(relative))));
    }

    /**
     * Checks that every expected file is on the server with its size (and, with read-back, its sha256).
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
            if (verification == Verification.READ_BACK) {
                String remote = readBack(file.relative());
                if (!remote.equals(file.sha256())) {
                    throw new IOException(file.relative() + " has sha256 " + remote + " on the server, "
                            + file.sha256() + " locally");
                }
            }
            progress.progress(new Progress("verify " + file.relative(), file.relative(), "verified", file.size(), file.size()));
        }
    }

    private String readBack(String relative) throws IOException, InterruptedException {
        Future<String> pending = readBacks.get(relative);
        if (pending == null) {
            throw new IllegalStateException(relative + " was verified without being uploaded by this registration");
        }
        try {
            return pending.get();
        } catch (InterruptedException e) {
            pending.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof InterruptedException interrupted) {
                throw interrupted;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("reading " + relative + " back failed unexpectedly", cause);
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

    /** Stops read-backs still running (after a failure or interrupt); a no-op once all were awaited. */
    @Override
    public void close() {
        if (reader != null) {
            reader.shutdownNow();
        }
    }
}
