package io.gputraining.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gputraining.engine.EngineException;
import org.junit.jupiter.api.Test;

class ShmSizeTest {

    @Test
    void sizesReadAsDockersShmSizeAndNothingMeansTheEnginesTwoGib() {
        assertThat(ShmSize.parse("8g").bytes()).isEqualTo(8L << 30);
        assertThat(ShmSize.parse("512m").effectiveBytes()).isEqualTo(512L << 20);
        assertThat(ShmSize.parse(" ").effectiveBytes()).isEqualTo(2L << 30);
        assertThat(ShmSize.parse("0")).isEqualTo(ShmSize.DEFAULT);
        assertThat(ShmSize.parse("8g")).hasToString("8 GiB");
    }

    @Test
    void noSizeSaysHowToWriteOne() {
        assertThatThrownBy(() -> ShmSize.parse("big")).isInstanceOf(EngineException.class)
                .hasMessage("shm size 'big' is not a size: write it as Docker does, e.g. 8g or 512m, as for docker run --shm-size.");
        assertThatThrownBy(() -> ShmSize.parse("99999999999999999999999g")).isInstanceOf(EngineException.class)
                .hasMessageContaining("too large");
    }
}
