package io.gputraining.engine.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RegisteredModelTest {

    @Test
    void theMapHasTheStepsKeysInOrderAndLeavesTheDetailsOut() {
        RegisteredModel model = new RegisteredModel("mlflow http://127.0.0.1:5000", "tiny", "3", "models:/tiny/3", "sha256:ab",
                Map.of("run_id", "r1"));

        assertThat(model.toMap()).containsExactly(Map.entry("registry", "mlflow http://127.0.0.1:5000"), Map.entry("model", "tiny"),
                Map.entry("version", "3"), Map.entry("uri", "models:/tiny/3"), Map.entry("digest", "sha256:ab"));
    }
}
