package io.gputraining.engine.artifacts;

import io.gputraining.engine.ProgressListener;
import io.gputraining.engine.ProgressListener.Progress;

/**
 * Reports the bytes done of one large file to a {@link ProgressListener}: every {@value #STEP} bytes and at
 * the end. Files smaller than {@link #STEP} are not reported, so a thousand small files do not flood a log.
 * One instance per file and thread.
 */
public final class ByteProgress {

    /** Bytes between two reports; also the size from which a file counts as large. */
    public static final long STEP = 8L << 20;

    private final ProgressListener listener;
    private final String task;
    private final String item;
    private final String status;
    private final long total;
    private long reported;

    /**
     * @param task   what is progressing, e.g. {@code "hash artifacts"}
     * @param item   the file, e.g. {@code "checkpoints/model.pt"}
     * @param status a short word, e.g. {@code "hashing"}
     * @param total  the file's size, or -1 when unknown
     */
    public ByteProgress(ProgressListener listener, String task, String item, String status, long total) {
        this.listener = listener;
        this.task = task;
        this.item = item;
        this.status = status;
        this.total = total;
    }

    /** The file is large enough to be reported. */
    public boolean reported() {
        return total >= STEP;
    }

    /** {@code done} bytes of the file are through. */
    public void advance(long done) {
        if (reported() && (done - reported >= STEP || done == total)) {
            reported = done;
            listener.progress(new Progress(task, item, status, done, total));
        }
    }
}
