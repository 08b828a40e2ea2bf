package io.gputraining.engine.gpu;

import static org.assertj.core.api.Assertions.assertThat;

import io.gputraining.engine.runtime.Owner;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The holder record next to each lock file. */
class GpuHolderTest {

    @Test
    void recordReadsBackAsWritten() {
        GpuHolder holder = new GpuHolder("train = resnet #42\nsecond line",
                new Owner("gpu-host-7", 4242, 1_700_000_000_000L),
                Instant.parse("2025-03-01T10:15:30Z"));
        assertThat(GpuHolder.parse(holder.toText())).contains(holder);
    }

    @Test
    void damagedRecordReadsAsUnknown() {
        assertThat(GpuHolder.parse("owner=x\nprocess=not-a-label\nsince=yesterday\n")).isEmpty();
        assertThat(GpuHolder.parse("")).isEmpty();
    }

    @Test
    void describeNamesOwnerPidHostAndTime() {
        GpuHolder holder = new GpuHolder("cli run", new Owner("h1", 99, 0), Instant.parse("2025-03-01T10:15:30Z"));
        assertThat(holder.describe()).isEqualTo("'cli run' (pid 99 on h1, since 2025-03-01T10:15:30Z)");
    }
}
