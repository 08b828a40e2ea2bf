package io.gputraining.engine;

/**
 * Receives progress of long work (image pulls, uploads). Called from engine or transport threads;
 * implementations must be cheap and thread-safe.
 */
@FunctionalInterface
public interface ProgressListener {

    void progress(Progress progress);

    /** A listener that ignores everything. */
    static ProgressListener ignoring() {
        return p -> { };
    }

    /**
     * One progress report.
     *
     * @param task       what is progressing, e.g. {@code "pull 127.0.0.1:5000/pytorch@sha256:…"}
     * @param item       the part of it, e.g. a layer id or a file name; empty for the whole
     * @param status     a short word from the source ("Downloading", "Pull complete", "uploading")
     * @param doneBytes  bytes done for the item, or -1 when unknown
     * @param totalBytes bytes in all for the item, or -1 when unknown
     */
    record Progress(String task, String item, String status, long doneBytes, long totalBytes) { }
}
