package io.gputraining.reliability;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The suite's own hashing (never the engine's): hex sha256 and byte count of a stream, read to its end. */
public record Sha256(String hex, long size) {

    public static Sha256 of(byte[] bytes) {
        try {
            return of(new ByteArrayInputStream(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException("reading bytes in memory does not fail", e);
        }
    }

    public static Sha256 of(InputStream in) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
        long size = 0;
        byte[] buffer = new byte[1 << 16];
        try (in) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
                size += n;
            }
        }
        return new Sha256(HexFormat.of().formatHex(digest.digest()), size);
    }
}
