package io.gputraining.engine.preflight.host;

import static io.gputraining.engine.preflight.host.Fixtures.H100;
import static io.gputraining.engine.preflight.host.Fixtures.H200X2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The probe end to end, against a stand-in {@code nvidia-smi} on PATH that replays the real outputs captured on
 * GPU hosts and answers only the queries they were captured with (there is no GPU here or on CI).
 */
class HostGpuProbeTest {

    private static final String VERSION_MISMATCH = "Failed to initialize NVML: Driver/library version mismatch";

    @TempDir
    Path dir;

    @Test
    void idleH100HostGivesOneIdleGpuDriverAndCudaVersion() throws Exception {
        Path bin = standIn(H100, "query-gpu.csv", "compute-apps-idle.csv");

        HostGpuInventory host = HostGpuProbe.onPath(bin + File.pathSeparator + "/usr/bin").probe();

        assertThat(host).isEqualTo(HostGpuInventoryParserTest.inventory(H100, "query-gpu.csv", "compute-apps-idle.csv"));
        assertThat(host.driverVersion()).isEqualTo(DriverVersion.parse("580.159.04"));
        assertThat(host.cudaDriverVersion()).hasValue(new CudaVersion(13, 0));
        assertThat(host.gpus()).singleElement().satisfies(g -> assertThat(g.memoryUsedMib()).hasValue(0L));
        assertThat(host.processes()).isEmpty();
    }

    @Test
    void busyH100HostShowsTheProcessAndTheMemoryItHolds() throws Exception {
        Path bin = standIn(H100, "query-gpu-busy.csv", "compute-apps-busy.csv");

        HostGpuInventory host = HostGpuProbe.onPath(bin.toString()).probe();
        GpuInfo gpu = host.gpus().get(0);

        assertThat(gpu.memoryUsedMib()).hasValue(8719L);
        assertThat(host.processesOn(gpu.uuid())).singleElement()
                .satisfies(p -> assertThat(p.usedMemoryMib()).hasValue(8710L))
                .satisfies(p -> assertThat(p.processName()).hasValue("python3"));
    }

    @Test
    void twoGpuHostGivesBothGpusAndTheProcessOnTheFirst() throws Exception {
        Path bin = standIn(H200X2, "query-gpu-busy.csv", "compute-apps-busy.csv");

        HostGpuInventory host = HostGpuProbe.onPath(bin.toString()).probe();

        assertThat(host.gpus()).extracting(GpuInfo::index, GpuInfo::name)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(0, "NVIDIA H200"),
                        org.assertj.core.groups.Tuple.tuple(1, "NVIDIA H200"));
        assertThat(host.processesOn(host.gpus().get(0).uuid())).hasSize(1);
        assertThat(host.processesOn(host.gpus().get(1).uuid())).isEmpty();
        assertThat(host.gpus()).allSatisfy(g -> assertThat(g.remappedRowsPending()).hasValue(false));
    }

    @Test
    void asksExactlyTheQueriesTheFixturesWereCapturedWith() throws Exception {
        Path bin = standIn(H200X2, "query-gpu.csv", "compute-apps-idle.csv");

        HostGpuProbe.onPath(bin.toString()).probe();

        String captured = Fixtures.resource("/fixtures/gpu/capture-gpu-fixtures.sh");
        String q = captured.lines().filter(l -> l.startsWith("q=")).findFirst().orElseThrow().substring(2);
        assertThat(Files.readAllLines(bin.resolve("calls.log"))).containsExactly(
                "--query-gpu=" + q + " --format=csv",
                "--query-compute-apps=gpu_uuid,pid,process_name,used_memory --format=csv",
                "-q -x");
    }

    @Test
    void configuredPathIsUsedInsteadOfPath() throws Exception {
        Path bin = standIn(H200X2, "query-gpu.csv", "compute-apps-idle.csv");

        HostGpuInventory host = HostGpuProbe.at(bin.resolve("nvidia-smi")).probe();

        assertThat(host.gpus()).hasSize(2);
    }

    @Test
    void noNvidiaSmiOnPathMeansNoDriverOnThisAgent() throws IOException {
        Path empty = Files.createDirectory(dir.resolve("empty"));
        HostGpuProbe probe = HostGpuProbe.onPath(empty + File.pathSeparator + File.pathSeparator);

        assertThatThrownBy(probe::probe)
                .isInstanceOf(NoNvidiaDriverException.class)
                .hasMessageStartingWith("No NVIDIA driver on this agent: nvidia-smi was not found on PATH (" + empty)
                .hasMessageContaining("configure the path to nvidia-smi");
    }

    @Test
    void missingConfiguredNvidiaSmiMeansNoDriverOnThisAgent() {
        Path absent = dir.resolve("nvidia-smi");

        assertThatThrownBy(() -> HostGpuProbe.at(absent).probe())
                .isInstanceOf(NoNvidiaDriverException.class)
                .hasMessageContaining("not found at the configured path " + absent);
    }

    @Test
    void failingNvidiaSmiIsReportedInItsOwnWords() throws Exception {
        Path bin = standIn(H100, "query-gpu.csv", "compute-apps-idle.csv");
        Files.writeString(bin.resolve("replay/fail-stdout"), VERSION_MISMATCH + "\nNVML library version: 580.159\n");
        Files.writeString(bin.resolve("replay/fail-status"), "18");

        assertThatThrownBy(() -> HostGpuProbe.onPath(bin.toString()).probe())
                .isInstanceOfSatisfying(NvidiaSmiFailedException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(18);
                    assertThat(e.nvidiaSmiMessage()).startsWith(VERSION_MISMATCH);
                    assertThat(e).hasMessageStartingWith("nvidia-smi failed: " + VERSION_MISMATCH)
                            .hasMessageContaining("exit status 18")
                            .hasMessageContaining("reboot the agent");
                });
    }

    @Test
    void failureMessageIsTakenFromStandardErrorWhenThereIsOne() throws Exception {
        Path bin = standIn(H100, "query-gpu.csv", "compute-apps-idle.csv");
        Files.writeString(bin.resolve("replay/fail-stderr"), "No devices were found\n");
        Files.writeString(bin.resolve("replay/fail-status"), "6");

        assertThatThrownBy(() -> HostGpuProbe.onPath(bin.toString()).probe())
                .isInstanceOf(NvidiaSmiFailedException.class)
                .hasMessageStartingWith("nvidia-smi failed: No devices were found (")
                .hasMessageContaining("sees no GPU");
    }

    @Test
    void hungNvidiaSmiIsKilledAfterTheTimeout() throws Exception {
        Path bin = standIn(H100, "query-gpu.csv", "compute-apps-idle.csv");
        Files.writeString(bin.resolve("replay/hang"), "");

        assertThatThrownBy(() -> HostGpuProbe.onPath(bin.toString()).withTimeout(Duration.ofSeconds(1)).probe())
                .isInstanceOfSatisfying(NvidiaSmiFailedException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(NvidiaSmiFailedException.NO_EXIT_CODE);
                    assertThat(e).hasMessageContaining("no answer within 1 s, killed");
                });
        ProcessRunnerTest.assertGone(bin.resolve("hang.pid"));
    }

    @Test
    void interruptKillsTheRunningNvidiaSmi() throws Exception {
        Path bin = standIn(H100, "query-gpu.csv", "compute-apps-idle.csv");
        Files.writeString(bin.resolve("replay/hang"), "");
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                HostGpuProbe.onPath(bin.toString()).probe();
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        caller.start();
        ProcessRunnerTest.awaitFile(bin.resolve("hang.pid"));

        caller.interrupt();
        caller.join(10_000);

        assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
        ProcessRunnerTest.assertGone(bin.resolve("hang.pid"));
    }

    private Path standIn(String host, String queryGpu, String computeApps) throws IOException {
        return NvidiaSmiStandIn.install(dir, host, queryGpu, computeApps);
    }
}
