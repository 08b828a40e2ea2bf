package io.gputraining.engine.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import io.gputraining.engine.docker.DockerEndpoint;
import io.gputraining.engine.docker.DockerRuntime;
import io.gputraining.engine.preflight.probe.CheckStatus;
import io.gputraining.engine.preflight.probe.ImageProbeReport;
import io.gputraining.engine.preflight.probe.ProbeOptions;
import io.gputraining.engine.preflight.probe.ProbeScript;
import io.gputraining.engine.runtime.ContainerSpec;
import io.gputraining.engine.runtime.GpuRequest;
import io.gputraining.engine.testing.RecordingSink;
import io.gputraining.engine.testing.TestEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The probe for real, in the CPU PyTorch test image and in images it cannot run in. */
class ImageProbeRunTest {

    private static DockerRuntime runtime;
    private static ImageProbeRun probe;

    @BeforeAll
    static void connect() {
        runtime = DockerRuntime.connect(new DockerEndpoint(TestEnvironment.dockerHost(), false, null));
        probe = new ImageProbeRun(runtime, ProbeScript.load());
    }

    @AfterAll
    static void close() {
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    void inTheCpuImageReportsTorchWithoutCudaAndACheckedCpuMatmul() throws Exception {
        RecordingSink log = new RecordingSink();

        ImageProbeRun.Result outcome = probe.run(ContainerSpec.builder(TestEnvironment.torchImage()).owner("probe-test").build(),
                "python3", ProbeOptions.defaults(), log);

        assertThat(outcome.gpuRequestError()).isNull();
        ImageProbeReport report = outcome.evidence().reportIfAny().orElseThrow();
        assertThat(report.torch().version()).startsWith("1.13");
        assertThat(report.cuda().available()).isFalse();
        assertThat(report.cuda().status()).isEqualTo(CheckStatus.FAILED);
        assertThat(report.cpuMatmul().status()).isEqualTo(CheckStatus.OK);
        assertThat(report.cpuMatmul().relativeError()).isLessThan(report.cpuMatmul().tolerance());
        assertThat(log.taggedLines()).noneSatisfy(l -> assertThat(l).startsWith("out:"));
    }

    @Test
    void anImageWithoutPythonIsReportedAsSuch() throws Exception {
        ImageProbeRun.Result outcome = probe.run(ContainerSpec.builder(TestEnvironment.smallImage()).owner("probe-test").build(),
                "python3", ProbeOptions.defaults(), new RecordingSink());

        assertThat(outcome.evidence().outcome()).isEqualTo(ImageProbeEvidence.Outcome.PYTHON_MISSING);
        assertThat(outcome.evidence().message()).contains("python3").contains("Python 3 interpreter");
    }

    @Test
    void aDaemonThatCannotGiveGpusIsReportedWithItsOwnWords() throws Exception {
        ImageProbeRun.Result outcome = probe.run(ContainerSpec.builder(TestEnvironment.torchImage()).gpus(GpuRequest.all())
                .owner("probe-test").build(), "python3", ProbeOptions.defaults(), new RecordingSink());

        assertThat(outcome.evidence().outcome()).isEqualTo(ImageProbeEvidence.Outcome.NOT_RUN);
        assertThat(outcome.gpuRequestError()).contains("could not select device driver");
    }
}
