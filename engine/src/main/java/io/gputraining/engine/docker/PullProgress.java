package io.gputraining.engine.docker;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.PullResponseItem;
import com.github.dockerjava.api.model.ResponseItem;
import io.gputraining.engine.LogSink;
import io.gputraining.engine.ProgressListener;
import io.gputraining.engine.ProgressListener.Progress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Follows a pull's JSON message stream: forwards layer progress to the listener, logs each finished
 * layer, counts the bytes downloaded, and keeps the daemon's error if the pull failed.
 */
final class PullProgress extends ResultCallback.Adapter<PullResponseItem> {

    private final String task;
    private final LogSink log;
    private final ProgressListener listener;
    private final Map<String, Long> layerBytes = new ConcurrentHashMap<>();
    private volatile String error;

    PullProgress(String task, LogSink log, ProgressListener listener) {
        this.task = task;
        this.log = log;
        this.listener = listener;
    }

    @Override
    public void onNext(PullResponseItem item) {
        if (item.getErrorDetail() != null || item.getError() != null) {
            ResponseItem.ErrorDetail detail = item.getErrorDetail();
            error = detail != null && detail.getMessage() != null ? detail.getMessage() : item.getError();
            return;
        }
        String layer = item.getId() == null ? "" : item.getId();
        String status = item.getStatus() == null ? "" : item.getStatus();
        ResponseItem.ProgressDetail detail = item.getProgressDetail();
        long current = detail != null && detail.getCurrent() != null ? detail.getCurrent() : -1;
        long total = detail != null && detail.getTotal() != null ? detail.getTotal() : -1;
        if (status.equals("Downloading") && total > 0) {
            layerBytes.merge(layer, total, Math::max);
        }
        if (status.equals("Pull complete")) {
            log.message("  layer " + layer + " pulled");
        }
        listener.progress(new Progress(task, layer, status, current, total));
    }

    /** Rethrows the error the stream itself ended with (connection lost, 404 before any message). */
    void rethrowStreamError() {
        throwFirstError();
    }

    /** The daemon's error message, or null when the pull succeeded. */
    String error() {
        return error;
    }

    long bytesDownloaded() {
        return layerBytes.values().stream().mapToLong(Long::longValue).sum();
    }

    int layersDownloaded() {
        return layerBytes.size();
    }
}
