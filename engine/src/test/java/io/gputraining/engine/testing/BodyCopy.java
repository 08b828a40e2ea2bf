package io.gputraining.engine.testing;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Copies one message body as framed on the wire (a Content-Length, chunks, or until the peer closes),
 * counting the bytes copied: it can stop after a number of them, change the byte at an offset and keep a
 * copy, which is what the proxy's faults need. A chunked body counts its framing as body bytes.
 */
final class BodyCopy {

    /** How a body ends. */
    enum Framing {
        NONE, LENGTH, CHUNKED, UNTIL_CLOSE;

        static Framing ofRequest(HttpHead head) {
            return head.chunked() ? CHUNKED : head.contentLength() > 0 ? LENGTH : NONE;
        }

        /** A HEAD answer, a 1xx, 204 or 304 has no body whatever its headers say. */
        static Framing ofResponse(String method, HttpHead response) {
            int status = Integer.parseInt(response.word(1));
            if (method.equals("HEAD") || status / 100 == 1 || status == 204 || status == 304) {
                return NONE;
            }
            if (response.chunked()) {
                return CHUNKED;
            }
            long length = response.contentLength();
            return length < 0 ? UNTIL_CLOSE : length == 0 ? NONE : LENGTH;
        }
    }

    private final InputStream in;
    private final OutputStream out;
    private long stopAfter = Long.MAX_VALUE;
    private long corruptAt = -1;
    private ByteArrayOutputStream capture;
    private long copied;

    BodyCopy(InputStream in, OutputStream out) {
        this.in = in;
        this.out = out;
    }

    BodyCopy stoppingAfter(long bytes) {
        this.stopAfter = bytes;
        return this;
    }

    BodyCopy corruptingByte(long offset) {
        this.corruptAt = offset;
        return this;
    }

    BodyCopy capturingInto(ByteArrayOutputStream copy) {
        this.capture = copy;
        return this;
    }

    long copied() {
        return copied;
    }

    /** @return true when the whole body was copied, false when it stopped early */
    boolean copy(Framing framing, long length) throws IOException {
        return switch (framing) {
            case NONE -> true;
            case LENGTH -> fixed(length, false);
            case UNTIL_CLOSE -> fixed(Long.MAX_VALUE, true);
            case CHUNKED -> chunks();
        };
    }

    private boolean chunks() throws IOException {
        while (true) {
            String sizeLine = HttpHead.line(in, false);
            if (!emit((sizeLine + "\r\n").getBytes(StandardCharsets.ISO_8859_1))) {
                return false;
            }
            int semicolon = sizeLine.indexOf(';');
            long size = Long.parseLong((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
            if (size == 0) {
                for (String trailer; !(trailer = HttpHead.line(in, false)).isEmpty(); ) {
                    if (!emit((trailer + "\r\n").getBytes(StandardCharsets.ISO_8859_1))) {
                        return false;
                    }
                }
                return emit("\r\n".getBytes(StandardCharsets.ISO_8859_1));
            }
            if (!fixed(size, false) || !emit(HttpHead.line(in, false).concat("\r\n").getBytes(StandardCharsets.ISO_8859_1))) {
                return false;
            }
        }
    }

    private boolean fixed(long length, boolean untilClose) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        for (long left = length; left > 0; ) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                if (untilClose) {
                    return true;
                }
                throw new EOFException("connection closed with " + left + " body bytes to come");
            }
            left -= n;
            if (!emit(buffer, n)) {
                return false;
            }
        }
        return true;
    }

    private boolean emit(byte[] bytes) throws IOException {
        return emit(bytes, bytes.length);
    }

    private boolean emit(byte[] bytes, int length) throws IOException {
        int allowed = (int) Math.min(length, stopAfter - copied);
        if (corruptAt >= copied && corruptAt < copied + allowed) {
            bytes[(int) (corruptAt - copied)] ^= 0x55;
        }
        out.write(bytes, 0, allowed);
        if (capture != null) {
            capture.write(bytes, 0, allowed);
        }
        copied += allowed;
        return allowed == length;
    }
}
