package io.gputraining.engine.docker;

import io.gputraining.engine.LogSink;
import io.gputraining.engine.LogSink.OutputStreamKind;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads Docker's multiplexed output stream (attach and exec without a TTY: frames of an 8-byte header
 * {@code [stream, 0, 0, 0, size as 4 bytes big-endian]} and {@code size} bytes of payload) into a {@link LogSink},
 * every byte in the order the daemon sent it. Consecutive frames of one stream that have already arrived reach
 * the sink as one call (up to 64 KiB), so a chatty process costs one write, not one per frame; nothing is held
 * back while the next read would block. docker-java's own reader hands on 1 KiB at a time, which made the
 * output path slower than the docker CLI.
 */
final class MultiplexedStream {

    private static final int HEADER = 8;
    private static final int CHUNK = 64 * 1024;

    private final InputStream in;
    private final LogSink sink;
    private final byte[] pending = new byte[CHUNK];
    private int pendingLength;
    private OutputStreamKind pendingKind;

    private MultiplexedStream(InputStream in, LogSink sink) {
        this.in = new BufferedInputStream(in, CHUNK);
        this.sink = sink;
    }

    /**
     * Copies the stream to the sink until it ends.
     *
     * @return the payload bytes copied
     * @throws EOFException the stream ended inside a frame
     * @throws IOException  reading failed, or a header names no output stream
     */
    static long copy(InputStream in, LogSink sink) throws IOException {
        return new MultiplexedStream(in, sink).copy();
    }

    private long copy() throws IOException {
        byte[] header = new byte[HEADER];
        long total = 0;
        while (true) {
            flushIfNothingWaiting();
            int got = in.readNBytes(header, 0, HEADER);
            if (got == 0) {
                flush();
                return total;
            }
            if (got < HEADER) {
                flush();
                throw new EOFException("the output stream ended inside a frame header, after " + total + " bytes");
            }
            OutputStreamKind kind = switch (header[0]) {
                case 0, 1 -> OutputStreamKind.STDOUT; // 0 is stdin, which an attach without stdin never carries
                case 2 -> OutputStreamKind.STDERR;
                default -> throw new IOException("not a multiplexed output stream: frame header starts with " + header[0]);
            };
            if (kind != pendingKind) {
                flush();
                pendingKind = kind;
            }
            long size = ((header[4] & 0xffL) << 24) | ((header[5] & 0xffL) << 16) | ((header[6] & 0xffL) << 8) | (header[7] & 0xffL);
            while (size > 0) {
                if (pendingLength == pending.length) {
                    flush();
                }
                int n = in.read(pending, pendingLength, (int) Math.min(size, pending.length - pendingLength));
                if (n < 0) {
                    flush();
                    throw new EOFException("the output stream ended inside a frame, " + size + " bytes short, after " + total + " bytes");
                }
                pendingLength += n;
                size -= n;
                total += n;
                if (size > 0) {
                    flushIfNothingWaiting();
                }
            }
        }
    }

    /** Hands on what is pending before a read that would block, so output is never late. */
    private void flushIfNothingWaiting() throws IOException {
        if (pendingLength > 0 && in.available() == 0) {
            flush();
        }
    }

    private void flush() {
        if (pendingLength > 0) {
            sink.output(pendingKind, pending, 0, pendingLength);
            pendingLength = 0;
        }
    }
}
