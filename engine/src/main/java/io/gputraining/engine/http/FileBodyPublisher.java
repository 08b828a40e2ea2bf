package io.gputraining.engine.http;

import io.gputraining.engine.ProgressListener;
import io.gputraining.engine.ProgressListener.Progress;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A request body streamed from a file with constant memory, reporting bytes sent to a listener: what every
 * artifact upload (MLflow, OCI) uses, so a multi-GB checkpoint never sits in the heap.
 */
public final class FileBodyPublisher {

    private FileBodyPublisher() {
    }

    /**
     * @param task what to report the progress under, e.g. {@code "upload model.pt"}
     */
    public static HttpRequest.BodyPublisher of(Path file, String task, ProgressListener progress) throws FileNotFoundException {
        if (!Files.isRegularFile(file)) {
            throw new FileNotFoundException(file.toString());
        }
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String item = file.getFileName().toString();
        return HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> {
            try {
                return new CountingInputStream(Files.newInputStream(file), size, sent ->
                        progress.progress(new Progress(task, item, "uploading", sent, size)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }), size);
    }

    /** Counts bytes read and reports at most every 1 MiB (and at the end). */
    private static final class CountingInputStream extends java.io.FilterInputStream {
        private final long size;
        private final java.util.function.LongConsumer report;
        private long read;
        private long reported;

        CountingInputStream(InputStream in, long size, java.util.function.LongConsumer report) {
            super(in);
            this.size = size;
            this.report = report;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = super.read(buf, off, len);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) {
            read += n;
            if (read - reported >= (1 << 20) || read == size) {
                reported = read;
                report.accept(read);
            }
        }
    }
}
