package io.gputraining.engine.preflight.probe;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The records hold what the real probe wrote on each machine. */
class ImageProbeReportFixturesTest {

    @Test
    void cpuTorchImageReportsTorchWithoutCudaAndACpuMatmul() {
        ImageProbeReport report = ProbeFixtures.report("cpu-torch-1.13.json");

        assertThat(report.torch().status()).isEqualTo(CheckStatus.OK);
        assertThat(report.torch().version()).isEqualTo("1.13.0a0");
        assertThat(report.torch().cuda()).isNull();
        assertThat(report.torch().nccl()).isNull();
        assertThat(report.cuda().status()).isEqualTo(CheckStatus.FAILED);
        assertThat(report.cuda().error()).isEqualTo("AssertionError: Torch not compiled with CUDA enabled");
        assertThat(report.devices()).isEmpty();
        assertThat(report.cpuMatmul().status()).isEqualTo(CheckStatus.OK);
        assertThat(report.cpuMatmul().device()).isEqualTo("cpu");
        assertThat(report.allReduce().status()).isEqualTo(CheckStatus.SKIPPED);
    }

    @Test
    void cpuMatmulRecordsItsAccuracyAndTimings() {
        MatmulCheck matmul = ProbeFixtures.report("cpu-torch-1.13.json").cpuMatmul();

        assertThat(matmul.relativeError()).isPositive().isLessThan(matmul.tolerance());
        assertThat(matmul.size()).isEqualTo(1024);
        assertThat(matmul.bestRunMs()).isPositive().isLessThanOrEqualTo(matmul.elapsedMs());
        assertThat(matmul.tf32()).isFalse();
    }

    @Test
    void h100ReportsTheDeviceAndItsPassingMatmul() {
        ImageProbeReport report = ProbeFixtures.report("h100.json");

        assertThat(report.cuda().passed()).isTrue();
        assertThat(report.cuda().deviceCount()).isEqualTo(1);
        assertThat(report.cuda().archList()).contains("sm_90");
        assertThat(report.cuda().driverCudaVersion()).isEqualTo("13.0");
        DeviceProbe device = report.devices().get(0);
        assertThat(device.name()).isEqualTo("NVIDIA H100 80GB HBM3");
        assertThat(device.capability()).isEqualTo("9.0");
        assertThat(device.totalMemoryBytes()).isEqualTo(85_017_493_504L);
        assertThat(device.freeMemoryBytes()).isPositive().isLessThan(device.totalMemoryBytes());
        assertThat(device.matmul().status()).isEqualTo(CheckStatus.OK);
        assertThat(device.matmul().device()).isEqualTo("cuda:0");
    }

    @Test
    void h100ReportsTheLibraryVersionsOfItsTorch() {
        TorchProbe torch = ProbeFixtures.report("h100.json").torch();

        assertThat(torch.version()).isEqualTo("2.11.0+cu130");
        assertThat(torch.cuda()).isEqualTo("13.0");
        assertThat(torch.cudnn()).isEqualTo("9.19.0");
        assertThat(torch.cudnnVersionCode()).isEqualTo(91900);
        assertThat(torch.nccl()).isEqualTo("2.28.9");
        assertThat(torch.tf32MatmulAllowed()).isFalse();
    }

    @Test
    void emptyCudaVisibleDevicesIsKeptApartFromUnset() {
        assertThat(ProbeFixtures.report("h100-no-visible-devices.json").environment().cudaVisibleDevices()).isEmpty();
        assertThat(ProbeFixtures.report("h100.json").environment().cudaVisibleDevices()).isNull();
    }

    @Test
    void hiddenGpusGiveCudaFailureAndACpuMatmul() {
        ImageProbeReport report = ProbeFixtures.report("h100-no-visible-devices.json");

        assertThat(report.cuda().status()).isEqualTo(CheckStatus.FAILED);
        assertThat(report.cuda().error()).isEqualTo("RuntimeError: No CUDA GPUs are available");
        assertThat(report.devices()).isEmpty();
        assertThat(report.cpuMatmul().passed()).isTrue();
    }

    @Test
    void forcedTf32IsRecordedWithItsLooserTolerance() {
        ImageProbeReport report = ProbeFixtures.report("h100-tf32-override.json");
        MatmulCheck matmul = report.devices().get(0).matmul();

        assertThat(report.environment().tf32CublasOverride()).isEqualTo("1");
        assertThat(matmul.tf32()).isTrue();
        assertThat(matmul.tolerance()).isGreaterThan(ProbeFixtures.report("h100.json").devices().get(0).matmul().tolerance());
        assertThat(matmul.passed()).isTrue();
    }

    @Test
    void twoH200sReportAVerifiedAllReduceOnEveryRank() {
        AllReduceCheck allReduce = ProbeFixtures.report("h200x2.json").allReduce();

        assertThat(allReduce.status()).isEqualTo(CheckStatus.OK);
        assertThat(allReduce.worldSize()).isEqualTo(2);
        assertThat(allReduce.expectedSum()).isEqualTo(3.0);
        assertThat(allReduce.ranks()).extracting(AllReduceRank::rank).containsExactly(0, 1);
        assertThat(allReduce.ranks()).allSatisfy(rank -> {
            assertThat(rank.status()).isEqualTo(CheckStatus.OK);
            assertThat(rank.maxAbsError()).isZero();
            assertThat(rank.importMs()).isPositive();
        });
        assertThat(allReduce.busBandwidthGBps()).isPositive();
    }

    @Test
    void twoH200sAreTwoDistinctDevices() {
        ImageProbeReport report = ProbeFixtures.report("h200x2.json");

        assertThat(report.devices()).extracting(DeviceProbe::index).containsExactly(0, 1);
        assertThat(report.devices()).extracting(DeviceProbe::uuid).doesNotHaveDuplicates().doesNotContainNull();
        assertThat(report.devices()).allSatisfy(device -> assertThat(device.matmul().passed()).isTrue());
    }

    @Test
    void allReducePastItsDeadlineIsATimeoutOnEveryRank() {
        AllReduceCheck allReduce = ProbeFixtures.report("h200x2-allreduce-timeout.json").allReduce();

        assertThat(allReduce.status()).isEqualTo(CheckStatus.TIMEOUT);
        assertThat(allReduce.error()).contains("did not finish the all-reduce within 0.5s");
        assertThat(allReduce.ranks()).extracting(AllReduceRank::status).containsOnly(CheckStatus.TIMEOUT);
        assertThat(allReduce.busBandwidthGBps()).isNull();
    }

    @Test
    void matmulPastItsDeadlineIsATimeoutWhileTheDeviceStaysOk() {
        ImageProbeReport report = ProbeFixtures.report("h200x2-matmul-timeout.json");

        assertThat(report.devices()).hasSize(2).allSatisfy(device -> {
            assertThat(device.status()).isEqualTo(CheckStatus.OK);
            assertThat(device.matmul().status()).isEqualTo(CheckStatus.TIMEOUT);
            assertThat(device.matmul().errorText()).get().asString().contains("did not finish within 0.05s");
        });
    }

    @Test
    void pythonWithoutTorchReportsTorchMissingAndSkipsTheRest() {
        ImageProbeReport report = ProbeFixtures.report("python-without-torch.json");

        assertThat(report.torch().status()).isEqualTo(CheckStatus.MISSING);
        assertThat(report.torch().error()).contains("No module named 'torch'");
        assertThat(report.cuda().status()).isEqualTo(CheckStatus.SKIPPED);
        assertThat(report.allReduce().status()).isEqualTo(CheckStatus.SKIPPED);
        assertThat(report.error()).isNull();
    }
}
