package io.gputraining.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gputraining.engine.EngineException;
import org.junit.jupiter.api.Test;

class MemoryLimitTest {

    @Test
    void sizesReadAsDockerReadsThem() {
        assertThat(MemoryLimit.parse("512m").bytes()).isEqualTo(512L << 20);
        assertThat(MemoryLimit.parse("8G").bytes()).isEqualTo(8L << 30);
        assertThat(MemoryLimit.parse("64MiB").bytes()).isEqualTo(64L << 20);
        assertThat(MemoryLimit.parse("1073741824").bytes()).isEqualTo(1L << 30);
        assertThat(MemoryLimit.parse("0")).isEqualTo(MemoryLimit.NONE);
    }

    @Test
    void theLimitReadsInTheUnitItWasGivenIn() {
        assertThat(MemoryLimit.parse("256m")).hasToString("256 MiB");
        assertThat(MemoryLimit.parse("2g")).hasToString("2 GiB");
        assertThat(MemoryLimit.NONE).hasToString("none");
    }

    @Test
    void noSizeSaysHowToWriteOne() {
        assertThatThrownBy(() -> MemoryLimit.parse("lots")).isInstanceOf(EngineException.class)
                .hasMessage("Memory limit 'lots' is not a size: write it as Docker does, e.g. 512m or 8g (0 for no limit).");
        assertThatThrownBy(() -> MemoryLimit.parse("-1g")).isInstanceOf(EngineException.class);
    }

    @Test
    void belowDockersMinimumIsRefusedBeforeAnyContainer() {
        assertThatThrownBy(() -> MemoryLimit.parse("4m")).isInstanceOf(EngineException.class)
                .hasMessageContaining("at least 6m");
    }
}
