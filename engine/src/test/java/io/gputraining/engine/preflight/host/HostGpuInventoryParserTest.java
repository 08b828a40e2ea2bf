package io.gputraining.engine.preflight.host;

import static io.gputraining.engine.preflight.host.Fixtures.H100;
import static io.gputraining.engine.preflight.host.Fixtures.H200X2;
import static io.gputraining.engine.preflight.host.Fixtures.gpu;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.junit.jupiter.api.Test;

class HostGpuInventoryParserTest {

    @Test
    void idleH100HostHasItsDriverCudaVersionAndOneIdleGpu() {
        HostGpuInventory host = inventory(H100, "query-gpu.csv", "compute-apps-idle.csv");

        assertThat(host.driverVersion()).isEqualTo(DriverVersion.parse("580.159.04"));
        assertThat(host.cudaDriverVersion()).hasValue(new CudaVersion(13, 0));
        assertThat(host.gpus()).singleElement().satisfies(gpu -> {
            assertThat(gpu.name()).isEqualTo("NVIDIA H100 80GB HBM3");
            assertThat(gpu.remappedRowsPending()).hasValue(false);
            assertThat(gpu.remappedRowsFailure()).hasValue(false);
        });
        assertThat(host.processes()).isEmpty();
        assertThat(host.unparsedLines()).isEmpty();
    }

    @Test
    void busyTwoGpuHostTiesTheProcessToItsGpu() {
        HostGpuInventory host = inventory(H200X2, "query-gpu-busy.csv", "compute-apps-busy.csv");
        GpuInfo first = host.gpu("0").orElseThrow();
        GpuInfo second = host.gpu("GPU-70fe7a69-34ea-ca23-0453-c5656a1a92ce").orElseThrow();

        assertThat(host.gpus()).extracting(GpuInfo::index).containsExactly(0, 1);
        assertThat(second.index()).isEqualTo(1);
        assertThat(host.processesOn(first.uuid())).extracting(GpuProcess::pid).containsExactly(558L);
        assertThat(host.processesOn(second.uuid())).isEmpty();
        assertThat(host.gpu("2")).isEmpty();
    }

    @Test
    void driverVersionComesFromTheGpuQueryWhenTheXmlLacksIt() {
        String xml = gpu(H100, "nvidia-smi-q.xml").replace("<driver_version>580.159.04</driver_version>", "");

        HostGpuInventory host = HostGpuInventoryParser.parse(gpu(H100, "query-gpu.csv"),
                gpu(H100, "compute-apps-idle.csv"), xml);

        assertThat(host.driverVersion()).isEqualTo(DriverVersion.parse("580.159.04"));
    }

    @Test
    void noDriverVersionAnywhereIsAnOutputError() {
        String xml = gpu(H100, "nvidia-smi-q.xml").replace("<driver_version>580.159.04</driver_version>", "");
        String csv = gpu(H100, "query-gpu.csv").replace(", 580.159.04,", ", [N/A],");

        assertThatThrownBy(() -> HostGpuInventoryParser.parse(csv, gpu(H100, "compute-apps-idle.csv"), xml))
                .isInstanceOf(NvidiaSmiOutputException.class)
                .hasMessageContaining("no driver version");
    }

    @Test
    void inventoryCrossesRemotingUnchanged() throws Exception {
        HostGpuInventory host = inventory(H200X2, "query-gpu-busy.csv", "compute-apps-busy.csv");

        assertThat(roundTrip(host)).isEqualTo(host).isNotSameAs(host);
    }

    static HostGpuInventory inventory(String fixtureHost, String queryGpu, String computeApps) {
        return HostGpuInventoryParser.parse(gpu(fixtureHost, queryGpu), gpu(fixtureHost, computeApps),
                gpu(fixtureHost, "nvidia-smi-q.xml"));
    }

    static Object roundTrip(Object value) throws IOException, ClassNotFoundException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return in.readObject();
        }
    }
}
