package io.gputraining.engine.preflight.host;

import static io.gputraining.engine.preflight.host.Fixtures.H100;
import static io.gputraining.engine.preflight.host.Fixtures.H200X2;
import static io.gputraining.engine.preflight.host.Fixtures.gpu;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The XML report and the plain banner: where the driver's CUDA version comes from. */
class NvidiaSmiReportsTest {

    private static final NvidiaSmiXmlReport.RowRemapping NOTHING_PENDING =
            new NvidiaSmiXmlReport.RowRemapping(Optional.of(false), Optional.of(false));

    @Test
    void xmlReportGivesDriverCudaVersionAndRowRemappingOfTheH100() {
        NvidiaSmiXmlReport report = NvidiaSmiXmlReport.parse(gpu(H100, "nvidia-smi-q.xml"));

        assertThat(report.driverVersion()).hasValue(DriverVersion.parse("580.159.04"));
        assertThat(report.cudaVersion()).hasValue(new CudaVersion(13, 0));
        assertThat(report.rowRemapping())
                .isEqualTo(Map.of("GPU-b5985e46-2b4b-da6a-7526-7d6fab3a4cc8", NOTHING_PENDING));
    }

    @Test
    void xmlReportCoversBothGpusOfTheTwoGpuHost() {
        NvidiaSmiXmlReport report = NvidiaSmiXmlReport.parse(gpu(H200X2, "nvidia-smi-q.xml"));

        assertThat(report.cudaVersion()).hasValue(new CudaVersion(13, 0));
        assertThat(report.rowRemapping()).isEqualTo(Map.of(
                "GPU-6f59b3e4-5917-3523-7cd8-29d71c4a7f6e", NOTHING_PENDING,
                "GPU-70fe7a69-34ea-ca23-0453-c5656a1a92ce", NOTHING_PENDING));
    }

    @Test
    void textThatIsNotXmlIsAnOutputError() {
        assertThatThrownBy(() -> NvidiaSmiXmlReport.parse(gpu(H100, "nvidia-smi.txt")))
                .isInstanceOf(NvidiaSmiOutputException.class)
                .hasMessageContaining("not XML")
                .hasMessageContaining("Run the same nvidia-smi command on the agent");
    }

    @Test
    void bannerOfPlainOutputGivesDriverAndCudaVersion() {
        for (String host : new String[] {H100, H200X2}) {
            NvidiaSmiBanner banner = NvidiaSmiBanner.parse(gpu(host, "nvidia-smi.txt"));

            assertThat(banner.driverVersion()).hasValue(DriverVersion.parse("580.159.04"));
            assertThat(banner.cudaVersion()).hasValue(new CudaVersion(13, 0));
        }
    }

    @Test
    void bannerOfOtherOutputIsEmpty() {
        NvidiaSmiBanner banner = NvidiaSmiBanner.parse("Failed to initialize NVML: Driver/library version mismatch");

        assertThat(banner.driverVersion()).isEmpty();
        assertThat(banner.cudaVersion()).isEmpty();
    }
}
