package io.gputraining.engine.preflight.probe;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Real probe outputs captured on the CPU test image and on GPU machines (see fixtures/probe/). */
final class ProbeFixtures {

    private ProbeFixtures() {
    }

    static String text(String name) {
        try (InputStream in = ProbeFixtures.class.getResourceAsStream("/fixtures/probe/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture fixtures/probe/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ImageProbeReport report(String name) {
        return new ProbeReportParser().parse(text(name));
    }
}
