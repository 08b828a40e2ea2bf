package io.gputraining.engine.testing;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The start line and headers of one HTTP/1.1 message as read off a socket, so {@link FaultProxy} can relay
 * bodies byte by byte (and cut them where a fault says) instead of holding them in memory.
 */
final class HttpHead {

    private static final int MAX_LINE = 64 * 1024;

    private final String startLine;
    private final List<String[]> headers;

    private HttpHead(String startLine, List<String[]> headers) {
        this.startLine = startLine;
        this.headers = headers;
    }

    /** The next message head, or null when the peer closed the connection before sending one. */
    static HttpHead read(InputStream in) throws IOException {
        String start = line(in, true);
        if (start == null) {
            return null;
        }
        List<String[]> headers = new ArrayList<>();
        for (String header; !(header = line(in, false)).isEmpty(); ) {
            int colon = header.indexOf(':');
            if (colon > 0) {
                headers.add(new String[] {header.substring(0, colon).trim(), header.substring(colon + 1).trim()});
            }
        }
        return new HttpHead(start, headers);
    }

    /** One CRLF-terminated line without its terminator; null at end of stream when {@code eofAllowed}. */
    static String line(InputStream in, boolean eofAllowed) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b; (b = in.read()) != '\n'; ) {
            if (b < 0) {
                if (eofAllowed && line.size() == 0) {
                    return null;
                }
                throw new EOFException("connection closed in the middle of a message head");
            }
            if (line.size() > MAX_LINE) {
                throw new IOException("message head line longer than " + MAX_LINE + " bytes");
            }
            line.write(b);
        }
        String text = line.toString(StandardCharsets.ISO_8859_1);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    String startLine() {
        return startLine;
    }

    /** The start line's words: method, target, version for a request; version, status, reason for a response. */
    String word(int index) {
        String[] words = startLine.split(" ", 3);
        return index < words.length ? words[index] : "";
    }

    /** The first value of the header, or null. */
    String header(String name) {
        return headers.stream().filter(h -> h[0].equalsIgnoreCase(name)).map(h -> h[1]).findFirst().orElse(null);
    }

    boolean chunked() {
        String coding = header("Transfer-Encoding");
        return coding != null && coding.toLowerCase(Locale.ROOT).contains("chunked");
    }

    /** The declared Content-Length, or -1. */
    long contentLength() {
        String length = header("Content-Length");
        return length == null ? -1 : Long.parseLong(length.trim());
    }

    /** A copy without the named headers (case-insensitive) and with {@code extra} ({@code name, value} pairs) added. */
    HttpHead without(Set<String> names, String... extra) {
        List<String[]> kept = new ArrayList<>();
        headers.stream().filter(h -> !names.contains(h[0].toLowerCase(Locale.ROOT))).forEach(kept::add);
        for (int i = 0; i + 1 < extra.length; i += 2) {
            kept.add(new String[] {extra[i], extra[i + 1]});
        }
        return new HttpHead(startLine, kept);
    }

    /** A copy with {@code rewrite} applied to the values of the named header. */
    HttpHead rewriting(String name, UnaryOperator<String> rewrite) {
        List<String[]> rewritten = new ArrayList<>();
        headers.forEach(h -> rewritten.add(h[0].equalsIgnoreCase(name) ? new String[] {h[0], rewrite.apply(h[1])} : h));
        return new HttpHead(startLine, rewritten);
    }

    void write(OutputStream out) throws IOException {
        StringBuilder text = new StringBuilder(startLine).append("\r\n");
        headers.forEach(h -> text.append(h[0]).append(": ").append(h[1]).append("\r\n"));
        out.write(text.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
    }
}
