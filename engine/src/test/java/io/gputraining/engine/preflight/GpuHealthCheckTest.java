package io.gputraining.engine.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import io.gputraining.engine.docker.DockerEndpoint;
import io.gputraining.engine.docker.DockerImages;
import io.gputraining.engine.docker.DockerRuntime;
import io.gputraining.engine.image.ImageRequest;
import io.gputraining.engine.image.ManifestDigestResolver;
import io.gputraining.engine.preflight.host.HostGpuProbe;
import io.gputraining.engine.preflight.host.NvidiaSmiStandIn;
import io.gputraining.engine.runtime.GpuRequest;
import io.gputraining.engine.testing.RecordingSink;
import io.gputraining.engine.testing.TestEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole preflight for real: the CPU PyTorch image on the real daemon, nvidia-smi replaying real hosts. */
class GpuHealthCheckTest {

    private static DockerRuntime runtime;
    private static DockerImages images;

    @BeforeAll
    static void connect() {
        runtime = DockerRuntime.connect(new DockerEndpoint(TestEnvironment.dockerHost(), false, null));
        images = new DockerImages(runtime.client(), ManifestDigestResolver.withDefaults());
    }

    @AfterAll
    static void close() {
        if (runtime != null) {
            runtime.close();
        }
    }

    private static HealthCheckRequest cpuImage() {
        return HealthCheckRequest.builder().image(ImageRequest.of(TestEnvironment.torchImage())).gpus(GpuRequest.none())
                .owner("health-test").build();
    }

    @Test
    void theCpuImageFailsWithCudaNotAvailableByDefault(@TempDir Path dir) throws Exception {
        RecordingSink log = new RecordingSink();

        PreflightReport report = new GpuHealthCheck(runtime, images, HostGpuProbe.at(dir.resolve("no-nvidia-smi")))
                .run(cpuImage(), log, p -> { });

        assertThat(report.overall()).isEqualTo(Verdict.Level.FAIL);
        Verdict cuda = report.verdict(PreflightCheck.CUDA_AVAILABLE.id()).orElseThrow();
        assertThat(cuda.level()).isEqualTo(Verdict.Level.FAIL);
        assertThat(cuda.fixIfAny()).hasValueSatisfying(f -> assertThat(f).contains("allowCpuFallback"));
        assertThat(report.torchVersion()).startsWith("1.13");
        assertThat(report.imageDigest()).isEqualTo(TestEnvironment.torchImage().substring(TestEnvironment.torchImage().indexOf('@') + 1));
        assertThat(String.join("\n", log.messages())).contains("FAIL").contains("cuda-available");
    }

    @Test
    void theCpuImagePassesWithCpuFallbackAllowedAndReportsTheCpuMatmul(@TempDir Path dir) throws Exception {
        PreflightReport report = new GpuHealthCheck(runtime, images, HostGpuProbe.at(dir.resolve("no-nvidia-smi")))
                .run(cpuImage().toBuilder().policy(PreflightPolicy.builder().allowCpuFallback(true).build()).build(), new RecordingSink(),
                        p -> { });

        assertThat(report.failed()).isEmpty();
        assertThat(report.overall()).isNotEqualTo(Verdict.Level.FAIL);
        assertThat(report.verdict(PreflightCheck.MATMUL.id()).orElseThrow().summary()).containsIgnoringCase("cpu");
    }

    @Test
    void anH100HostWhoseDaemonCannotGiveGpusFailsOnTheRuntimeWithTheToolkitFix(@TempDir Path dir) throws Exception {
        Path bin = NvidiaSmiStandIn.install(dir, NvidiaSmiStandIn.H100, "query-gpu.csv", "compute-apps-idle.csv");

        PreflightReport report = new GpuHealthCheck(runtime, images, HostGpuProbe.at(bin.resolve("nvidia-smi")))
                .run(cpuImage().toBuilder().gpus(GpuRequest.all()).build(), new RecordingSink(), p -> { });

        assertThat(report.overall()).isEqualTo(Verdict.Level.FAIL);
        assertThat(report.driverVersion()).isEqualTo("580.159.04");
        assertThat(report.gpus()).extracting(GpuSummary::name).containsExactly("NVIDIA H100 80GB HBM3");
        Verdict runtimeGpus = report.verdict(PreflightCheck.RUNTIME_GPUS.id()).orElseThrow();
        assertThat(runtimeGpus.level()).isEqualTo(Verdict.Level.FAIL);
        assertThat(runtimeGpus.fixIfAny()).hasValueSatisfying(f -> assertThat(f).contains("nvidia-container-toolkit"));
    }

    @Test
    void aGpuReadingThatMayOverlapTheProbesGpuUseIsTakenAgainAfterTheProbe(@TempDir Path dir) throws Exception {
        Path bin = NvidiaSmiStandIn.install(dir, NvidiaSmiStandIn.H100, "query-gpu.csv", "compute-apps-idle.csv");
        Files.writeString(bin.resolve("replay/delay"), "0.3");
        RecordingSink log = new RecordingSink();

        PreflightReport report = new GpuHealthCheck(runtime, images, HostGpuProbe.at(bin.resolve("nvidia-smi")))
                .run(HealthCheckRequest.builder().image(ImageRequest.of(TestEnvironment.torchImage())).gpus(GpuRequest.all())
                        .owner("health-test").build(), log, p -> { });

        // The daemon cannot give GPUs here, so the probe reports nothing: no import time proves the order.
        assertThat(log.messages()).anyMatch(m -> m.contains("reading the GPUs again"));
        assertThat(Files.readAllLines(bin.resolve("calls.log"))).hasSize(6);
        assertThat(report.driverVersion()).isEqualTo("580.159.04");
        assertThat(report.timings().hostMillis()).isGreaterThanOrEqualTo(1800);
    }
}
