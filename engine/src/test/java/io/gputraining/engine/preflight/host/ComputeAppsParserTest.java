package io.gputraining.engine.preflight.host;

import static io.gputraining.engine.preflight.host.Fixtures.H100;
import static io.gputraining.engine.preflight.host.Fixtures.H200X2;
import static io.gputraining.engine.preflight.host.Fixtures.gpu;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ComputeAppsParserTest {

    @Test
    void idleGpusHaveNoProcesses() {
        assertThat(ComputeAppsParser.parse(gpu(H100, "compute-apps-idle.csv")))
                .isEqualTo(new ParsedRows<GpuProcess>(java.util.List.of(), java.util.List.of()));
        assertThat(ComputeAppsParser.parse(gpu(H200X2, "compute-apps-idle.csv")).rows()).isEmpty();
    }

    @Test
    void busyH100ShowsTheProcessAndTheMemoryItHolds() {
        ParsedRows<GpuProcess> parsed = ComputeAppsParser.parse(gpu(H100, "compute-apps-busy.csv"));

        assertThat(parsed.unparsedLines()).isEmpty();
        assertThat(parsed.rows()).containsExactly(new GpuProcess(420, Optional.of("python3"),
                "GPU-b5985e46-2b4b-da6a-7526-7d6fab3a4cc8", OptionalLong.of(8710)));
    }

    @Test
    void busyTwoGpuHostShowsTheProcessOnItsFirstGpu() {
        GpuProcess process = ComputeAppsParser.parse(gpu(H200X2, "compute-apps-busy.csv")).rows().get(0);
        GpuInfo first = GpuQueryParser.parse(gpu(H200X2, "query-gpu-busy.csv")).rows().get(0);

        assertThat(process).isEqualTo(new GpuProcess(558, Optional.of("python3"),
                "GPU-6f59b3e4-5917-3523-7cd8-29d71c4a7f6e", OptionalLong.of(8710)));
        assertThat(process.gpuUuid()).isEqualTo(first.uuid());
    }

    @Test
    void processNameWithACommaIsKeptWhole() {
        String csv = gpu(H100, "compute-apps-busy.csv").replace(", python3,", ", /opt/train, v2/python3,");

        GpuProcess process = ComputeAppsParser.parse(csv).rows().get(0);

        assertThat(process.processName()).hasValue("/opt/train, v2/python3");
        assertThat(process.usedMemoryMib()).hasValue(8710L);
    }

    @Test
    void memoryNvidiaSmiMayNotReadIsEmpty() {
        String csv = gpu(H100, "compute-apps-busy.csv").replace("8710 MiB", "[N/A]");

        assertThat(ComputeAppsParser.parse(csv).rows().get(0).usedMemoryMib()).isEmpty();
    }

    @Test
    void readsProcessesWithoutHeaderOrUnits() {
        String csv = "GPU-b5985e46-2b4b-da6a-7526-7d6fab3a4cc8, 420, python3, 8710\n";

        assertThat(ComputeAppsParser.parse(csv).rows())
                .isEqualTo(ComputeAppsParser.parse(gpu(H100, "compute-apps-busy.csv")).rows());
    }

    @Test
    void emptyOutputHasNoProcesses() {
        assertThat(ComputeAppsParser.parse("").rows()).isEmpty();
    }
}
