package io.gputraining.engine.http;

import io.gputraining.engine.ProgressListener;
import io.gputraining.engine.ProgressListener.Progress;
import java.io.FileNotFoundException;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Flow;

/**
 * A request body streamed from a file with constant memory, reporting bytes sent to a listener: what every
 * artifact upload (MLflow, OCI) uses, so a multi-GB checkpoint never sits in the heap. It wraps the JDK's
 * own file publisher (channel reads into pooled buffers), which streams at curl's speed; an InputStream-based
 * body measured 0.65x curl on a 512 MiB upload.
 */
public final class FileBodyPublisher implements HttpRequest.BodyPublisher {

    private static final long REPORT_EVERY = 1 << 20;

    private final HttpRequest.BodyPublisher file;
    private final String task;
    private final String item;
    private final long size;
    private final ProgressListener progress;

    private FileBodyPublisher(HttpRequest.BodyPublisher file, String task, String item, long size, ProgressListener progress) {
        this.file = file;
        this.task = task;
        this.item = item;
        this.size = size;
        this.progress = progress;
    }

    /**
     * @param task what to report the progress under, e.g. {@code "upload model.pt"}
     */
    public static HttpRequest.BodyPublisher of(Path file, String task, ProgressListener progress) throws FileNotFoundException {
        if (!Files.isRegularFile(file)) {
            throw new FileNotFoundException(file.toString());
        }
        HttpRequest.BodyPublisher publisher = HttpRequest.BodyPublishers.ofFile(file);
        return new FileBodyPublisher(publisher, task, file.getFileName().toString(), publisher.contentLength(), progress);
    }

    @Override
    public long contentLength() {
        return size;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
        // Each subscription is one attempt: a retry starts counting from zero again.
        file.subscribe(new Flow.Subscriber<ByteBuffer>() {
            private long sent;
            private long reported;

            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscriber.onSubscribe(subscription);
            }

            @Override
            public void onNext(ByteBuffer buffer) {
                sent += buffer.remaining();
                if (sent - reported >= REPORT_EVERY || sent == size) {
                    reported = sent;
                    progress.progress(new Progress(task, item, "uploading", sent, size));
                }
                subscriber.onNext(buffer);
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
}
