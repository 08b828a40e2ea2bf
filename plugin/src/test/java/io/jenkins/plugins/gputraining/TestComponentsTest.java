package io.jenkins.plugins.gputraining;

import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.Map;
import org.junit.AssumptionViolatedException;
import org.junit.Test;

public class TestComponentsTest {

    @Test
    public void aMissingComponentFailsUnderCi() {
        AssertionError failed = assertThrows(AssertionError.class,
                () -> TestComponents.requirePresent(false, "the PyTorch test image", Map.of("CI", "true")));
        assertTrue(failed.getMessage(), failed.getMessage().contains("scripts/testenv-up"));
    }

    @Test
    public void aMissingComponentSkipsOutsideCi() {
        assertThrows(AssumptionViolatedException.class,
                () -> TestComponents.requirePresent(false, "the PyTorch test image", Map.of()));
    }

    @Test
    public void aPresentComponentNeitherFailsNorSkips() {
        TestComponents.requirePresent(true, "the PyTorch test image", Map.of("CI", "true"));
    }
}
