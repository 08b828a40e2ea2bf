package io.gputraining.engine.http;

import io.gputraining.engine.ProgressListener;
import io.gputraining.engine.ProgressListener.Progress;
import java.io.FileNotFoundException;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.Flow;

/**
 * A request body streamed from a file with constant memory, reporting bytes sent to a listener: what every
 * artifact upload (MLflow, OCI) uses, so a multi-GB checkpoint never sits in the heap. It wraps the JDK's
 * own file publisher (channel reads into pooled buffers), which streams at curl's speed; an InputStream-based
 * body measured 0.65x curl on a 512 MiB upload.
 *
 * <p>{@link #hashing} also hashes the bytes as they go out, so the caller learns what was really sent (a file
 * rewritten after it was selected sends other bytes than the ones its recorded digest describes) without
 * reading the file a second time.
 */
public final class FileBodyPublisher implements HttpRequest.BodyPublisher {

    private static final long REPORT_EVERY = 1 << 20;

    private final HttpRequest.BodyPublisher file;
    private final String task;
    private final String item;
    private final long size;
    private final ProgressListener progress;
    private final boolean hashing;
    /** The digest of the latest attempt that sent every byte; an attempt starts with each subscription. */
    private final Object sentLock = new Object();
    private String sentSha256;
    private int attempt;

    private FileBodyPublisher(HttpRequest.BodyPublisher file, String task, String item, long size, ProgressListener progress,
                              boolean hashing) {
        this.file = file;
        this.task = task;
        this.item = item;
        this.size = size;
        this.progress = progress;
        this.hashing = hashing;
    }

    /**
     * @param task what to report the progress under, e.g. {@code "upload model.pt"}
     */
    public static FileBodyPublisher of(Path file, String task, ProgressListener progress) throws FileNotFoundException {
        return open(file, task, progress, false);
    }

    /** Like {@link #of}, and hashes what is sent: {@link #sentSha256(Duration)} tells the digest afterwards. */
    public static FileBodyPublisher hashing(Path file, String task, ProgressListener progress) throws FileNotFoundException {
        return open(file, task, progress, true);
    }

    private static FileBodyPublisher open(Path file, String task, ProgressListener progress, boolean hashing)
            throws FileNotFoundException {
        if (!Files.isRegularFile(file)) {
            throw new FileNotFoundException(file.toString());
        }
        HttpRequest.BodyPublisher publisher = HttpRequest.BodyPublishers.ofFile(file);
        return new FileBodyPublisher(publisher, task, file.getFileName().toString(), publisher.contentLength(), progress, hashing);
    }

    @Override
    public long contentLength() {
        return size;
    }

    /**
     * The lower-case hex sha256 of the bytes the latest attempt sent, once it sent all {@link #contentLength()}
     * of them. The HTTP client may hand the last buffer on after the server has answered, so this waits up to
     * {@code wait} for it; empty when the attempt never sent every byte (or the publisher does not hash). An empty
     * file has nothing to send (the client may not even subscribe): its digest is that of no bytes.
     */
    public Optional<String> sentSha256(Duration wait) throws InterruptedException {
        if (hashing && size == 0) {
            return Optional.of(HexFormat.of().formatHex(sha256().digest()));
        }
        long until = System.nanoTime() + wait.toNanos();
        synchronized (sentLock) {
            while (hashing && sentSha256 == null) {
                long left = until - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                sentLock.wait(Math.max(1, left / 1_000_000));
            }
            return Optional.ofNullable(sentSha256);
        }
    }

    @Override
    public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
        // Each subscription is one attempt: a retry starts counting (and hashing) from zero again.
        int thisAttempt;
        synchronized (sentLock) {
            sentSha256 = null;
            thisAttempt = ++attempt;
        }
        MessageDigest digest = hashing ? sha256() : null;
        file.subscribe(new Flow.Subscriber<ByteBuffer>() {
            private long sent;
            private long reported;
            private final byte[] chunk = digest == null ? null : new byte[64 * 1024];

            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscriber.onSubscribe(subscription);
            }

            @Override
            public void onNext(ByteBuffer buffer) {
                sent += buffer.remaining();
                if (digest != null) {
                    hash(buffer);
                    if (sent == size) {
                        finished(thisAttempt, HexFormat.of().formatHex(digest.digest()));
                    }
                }
                if (sent - reported >= REPORT_EVERY || sent == size) {
                    reported = sent;
                    progress.progress(new Progress(task, item, "uploading", sent, size));
                }
                subscriber.onNext(buffer);
            }

            /**
             * Through byte arrays: MessageDigest.update(ByteBuffer) of a heap buffer ran at ~10 MiB/s for the first
             * gigabyte on JDK 17 (the SHA-256 intrinsic not reached), update(byte[]) at the intrinsic's speed at once.
             */
            private void hash(ByteBuffer buffer) {
                if (buffer.hasArray()) {
                    digest.update(buffer.array(), buffer.arrayOffset() + buffer.position(), buffer.remaining());
                    return;
                }
                ByteBuffer view = buffer.duplicate();
                while (view.hasRemaining()) {
                    int n = Math.min(chunk.length, view.remaining());
                    view.get(chunk, 0, n);
                    digest.update(chunk, 0, n);
                }
            }

            @Override
            public void onError(Throwable error) {
                subscriber.onError(error);
            }

            @Override
            public void onComplete() {
                subscriber.onComplete();
            }
        });
    }

    private void finished(int ofAttempt, String sha256) {
        synchronized (sentLock) {
            if (ofAttempt == attempt) {
                sentSha256 = sha256;
                sentLock.notifyAll();
            }
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
