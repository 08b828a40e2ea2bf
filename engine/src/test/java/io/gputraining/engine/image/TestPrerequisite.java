package io.gputraining.engine.image;

import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Assumptions;

/**
 * A component a test needs from the machine. Missing, the test is skipped, except under {@code CI=true}
 * where it fails, so CI never passes by skipping (the convention in the parent POM).
 */
final class TestPrerequisite {

    private TestPrerequisite() {
    }

    static void require(boolean present, String what) {
        if (!present) {
            if ("true".equals(System.getenv("CI"))) {
                fail("Missing test prerequisite: " + what);
            }
            Assumptions.abort("Missing test prerequisite: " + what);
        }
    }
}
