package io.gputraining.engine.artifacts;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.ClosedByInterruptException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.LongConsumer;

/**
 * Reads a stream once, in large chunks, computing its sha256 and optionally copying it: constant memory
 * whatever the size, and interruptible between chunks, so that hashing a 50 GB checkpoint can be stopped.
 */
public final class StreamingSha256 {

    /** Bytes read at a time: large, for throughput on big files; one buffer per call. */
    public static final int CHUNK = 1 << 20;

    private StreamingSha256() {
    }

    /** The sha256 of what was read, and how many bytes that was. */
    public record Result(String sha256, long size) {
    }

    /**
     * Reads {@code in} to its end, writing every chunk to {@code out} (when not null) and telling
     * {@code progress} the bytes done after each chunk. Closes neither stream.
     *
     * @throws InterruptedException when the thread is interrupted between chunks (or while a channel-backed
     *                              stream blocks); the interrupt is consumed
     */
    public static Result copy(InputStream in, OutputStream out, LongConsumer progress) throws IOException, InterruptedException {
        MessageDigest digest = sha256();
        byte[] buffer = new byte[CHUNK];
        long done = 0;
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                // Checked after a read, so that a stream read to its end is complete even if an interrupt came
                // with its last chunk: the caller notices it before the next file.
                if (Thread.interrupted()) {
                    throw new InterruptedException("interrupted after " + done + " bytes");
                }
                digest.update(buffer, 0, n);
                if (out != null) {
                    out.write(buffer, 0, n);
                }
                done += n;
                progress.accept(done);
            }
        } catch (ClosedByInterruptException e) {
            // File channels close themselves when their thread is interrupted; that is an interrupt, not an I/O error.
            Thread.interrupted();
            InterruptedException interrupted = new InterruptedException("interrupted after " + done + " bytes");
            interrupted.initCause(e);
            throw interrupted;
        }
        return new Result(HexFormat.of().formatHex(digest.digest()), done);
    }

    /** The sha256 of {@code bytes}, lower-case hex. */
    public static String of(byte[] bytes) {
        return HexFormat.of().formatHex(sha256().digest(bytes));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
