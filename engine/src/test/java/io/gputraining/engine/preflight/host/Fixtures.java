package io.gputraining.engine.preflight.host;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reads the real nvidia-smi outputs under {@code fixtures/gpu/} (test resources). */
final class Fixtures {

    static final String H100 = "h100-driver-580";
    static final String H200X2 = "h200x2-driver-580";

    private Fixtures() {
    }

    static String gpu(String host, String file) {
        return resource("/fixtures/gpu/" + host + "/" + file);
    }

    static String resource(String path) {
        try (InputStream in = Fixtures.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
