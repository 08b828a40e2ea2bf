package io.gputraining.engine.train;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gputraining.engine.EngineException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class TrainingMetricsTest {

    @Test
    void aDivergedLossThatPythonWroteAsNaNIsNamedAsSuchNotAsBrokenJson() throws Exception {
        // written by Python 3's json.dump for a training whose loss became NaN
        Path file = Path.of(TrainingMetricsTest.class.getResource("/fixtures/metrics/diverged-python-json.json").toURI());

        assertThatThrownBy(() -> TrainingMetrics.read(file))
                .isInstanceOf(EngineException.class)
                .hasMessageContaining("with a NaN or Infinity value at line 6, column")
                .hasMessageNotContaining("JsonReadFeature")
                .hasMessageContaining("Check the training for divergence")
                .hasMessageContaining("allow_nan=False")
                .hasMessageNotContaining("not valid JSON");
    }
}
