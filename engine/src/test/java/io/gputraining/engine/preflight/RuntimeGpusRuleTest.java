package io.gputraining.engine.preflight;

import static io.gputraining.engine.preflight.PreflightCheck.PROBE;
import static io.gputraining.engine.preflight.PreflightCheck.RUNTIME_GPUS;
import static io.gputraining.engine.preflight.PreflightFixtures.H100;
import static io.gputraining.engine.preflight.PreflightFixtures.evidence;
import static io.gputraining.engine.preflight.PreflightFixtures.h100;
import static io.gputraining.engine.preflight.PreflightFixtures.idleHost;
import static io.gputraining.engine.preflight.PreflightFixtures.probe;
import static io.gputraining.engine.preflight.PreflightFixtures.verdict;
import static org.assertj.core.api.Assertions.assertThat;

import io.gputraining.engine.runtime.GpuRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

class RuntimeGpusRuleTest {

    private static final String NO_DRIVER = "could not select device driver \"nvidia\" with capabilities: [[gpu]]";

    @Test
    void daemonThatGaveTheGpusPasses() {
        Verdict verdict = verdict(RUNTIME_GPUS, h100());

        assertThat(verdict.level()).isEqualTo(Verdict.Level.PASS);
        assertThat(verdict.summary()).contains("Docker 27.3.1").contains("all").contains("nvidia");
    }

    @Test
    void daemonWithoutTheToolkitFailsWithItsInstallSteps() {
        PreflightEvidence refused = refused(NO_DRIVER);

        Verdict verdict = verdict(RUNTIME_GPUS, refused);

        assertThat(verdict.level()).isEqualTo(Verdict.Level.FAIL);
        assertThat(verdict.summary()).contains(NO_DRIVER);
        assertThat(verdict.cause()).contains("no 'nvidia' runtime registered");
        assertThat(verdict.fix()).contains("nvidia-container-toolkit")
                .contains("nvidia-ctk runtime configure --runtime=docker").contains("systemctl restart docker");
        assertThat(verdict(PROBE, refused).level()).as("the probe never ran").isEqualTo(Verdict.Level.SKIP);
    }

    @Test
    void dockerWithoutTheLegacyRuntimeNamesItAndPointsToCdi() {
        // Exactly what this machine's dockerd 20.10 answers to --gpus (docs: ENVIRONMENT.md).
        String error = "could not select device driver \"\" with capabilities: [[gpu]]";
        RuntimeGpuSupport docker = RuntimeGpuSupport.daemon("docker 20.10.24 (API 1.41) at unix:///var/run/docker.sock",
                List.of("io.containerd.runc.v2", "runc"), error, CdiEvidence.gather(
                        new io.gputraining.engine.runtime.GpuAccess(io.gputraining.engine.runtime.GpuAccess.Mode.DEVICE_REQUEST, List.of("all")),
                        io.gputraining.engine.runtime.CdiSupport.none("docker 20.10.24 is older than 25, the first Docker that resolves CDI devices")));

        Verdict verdict = verdict(RUNTIME_GPUS, evidence(HostGpuEvidence.read(idleHost(H100)), docker,
                ImageProbeEvidence.notRun("the container could not be given GPUs"), GpuRequest.all()));

        assertThat(verdict.level()).isEqualTo(Verdict.Level.FAIL);
        assertThat(verdict.cause()).contains("legacy runtime hook").contains("no 'nvidia' runtime registered")
                .contains("older than 25");
        assertThat(verdict.fix()).contains("through CDI").contains("nvidia-ctk cdi generate --output=/etc/cdi/nvidia.yaml")
                .contains("upgrade Docker to 25").contains("\"cdi\": true").contains("nvidia-ctk runtime configure --runtime=docker");
    }

    @Test
    void unknownDeviceIdFailsAskingForGpusTheAgentHas() {
        Verdict verdict = verdict(RUNTIME_GPUS, refused("nvidia-container-cli: device error: 3: unknown device"));

        assertThat(verdict.level()).isEqualTo(Verdict.Level.FAIL);
        assertThat(verdict.fix()).contains("nvidia-smi -L");
    }

    @Test
    void localRuntimeIsSkipped() {
        PreflightEvidence local = evidence(HostGpuEvidence.read(idleHost(H100)), RuntimeGpuSupport.local(),
                ImageProbeEvidence.reported(probe("h100.json")), GpuRequest.all());

        Verdict verdict = verdict(RUNTIME_GPUS, local);

        assertThat(verdict.level()).isEqualTo(Verdict.Level.SKIP);
        assertThat(verdict.summary()).isEqualTo("no container runtime: commands run on the host");
    }

    @Test
    void containerWithoutGpusIsSkipped() {
        Verdict verdict = verdict(RUNTIME_GPUS, evidence(idleHost(H100), probe("cpu-torch-1.13.json"), GpuRequest.none()));

        assertThat(verdict.level()).isEqualTo(Verdict.Level.SKIP);
    }

    private static PreflightEvidence refused(String error) {
        return evidence(HostGpuEvidence.read(idleHost(H100)),
                RuntimeGpuSupport.daemon("Docker 27.3.1", List.of("io.containerd.runc.v2", "runc"), error),
                ImageProbeEvidence.notRun("the container could not be created with GPUs"), GpuRequest.all());
    }
}
