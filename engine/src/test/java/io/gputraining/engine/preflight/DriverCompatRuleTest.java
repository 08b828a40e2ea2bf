package io.gputraining.engine.preflight;

import static io.gputraining.engine.preflight.PreflightCheck.DRIVER_COMPAT;
import static io.gputraining.engine.preflight.PreflightFixtures.H100;
import static io.gputraining.engine.preflight.PreflightFixtures.dockerWithNvidia;
import static io.gputraining.engine.preflight.PreflightFixtures.evidence;
import static io.gputraining.engine.preflight.PreflightFixtures.h100;
import static io.gputraining.engine.preflight.PreflightFixtures.host;
import static io.gputraining.engine.preflight.PreflightFixtures.idleHost;
import static io.gputraining.engine.preflight.PreflightFixtures.probe;
import static io.gputraining.engine.preflight.PreflightFixtures.verdict;
import static org.assertj.core.api.Assertions.assertThat;

import io.gputraining.engine.preflight.host.HostGpuInventory;
import io.gputraining.engine.preflight.probe.ImageProbeReport;
import io.gputraining.engine.runtime.GpuRequest;
import org.junit.jupiter.api.Test;

class DriverCompatRuleTest {

    /** The H100 host capture with driver 535.104.05 (CUDA 12.2) in place of 580.159.04 (CUDA 13.0). */
    static HostGpuInventory hostWithDriver535() {
        return hostWithDriver("535.104.05", "12.2");
    }

    static HostGpuInventory hostWithDriver(String driver, String cuda) {
        return host(H100, false, csv -> csv.replace("580.159.04", driver), xml -> xml.replace("580.159.04", driver)
                .replace("<cuda_version>13.0</cuda_version>", "<cuda_version>" + cuda + "</cuda_version>"));
    }

    @Test
    void realCuda13TorchOnDriver580Passes() {
        Verdict verdict = verdict(DRIVER_COMPAT, h100());

        assertThat(verdict.level()).isEqualTo(Verdict.Level.PASS);
        assertThat(verdict.summary())
                .isEqualTo("torch built for CUDA 13.0, agent driver 580.159.04 (CUDA 13.0 needs >= 580.65.06)");
    }

    @Test
    void sameTorchOnAnOlderDriverFailsNamingTheMinimumDriver() {
        Verdict verdict = verdict(DRIVER_COMPAT, evidence(hostWithDriver535(), probe("h100.json"), GpuRequest.all()));

        assertThat(verdict.level()).isEqualTo(Verdict.Level.FAIL);
        assertThat(verdict.summary()).contains("535.104.05").contains("too old");
        assertThat(verdict.fix()).isEqualTo("Install a driver >= 580.65.06 on the agent, or use an image whose torch is"
                + " built for CUDA <= 12.2.");
    }

    @Test
    void minorVersionCompatibilityWarnsWithThePtxCaveat() {
        // Copy of h100.json as a CUDA 12.8 build, on the host capture with a 560 driver (CUDA 12.6).
        ImageProbeReport cuda128 = probe("h100.json", json -> json.replace("\"cuda\": \"13.0\"", "\"cuda\": \"12.8\""));

        Verdict verdict = verdict(DRIVER_COMPAT, evidence(hostWithDriver("560.35.03", "12.6"), cuda128, GpuRequest.all()));

        assertThat(verdict.level()).isEqualTo(Verdict.Level.WARN);
        assertThat(verdict.summary()).contains("minor-version compatibility");
        assertThat(verdict.cause()).contains("PTX");
        assertThat(verdict.fix()).startsWith("Install a driver >= 570.26 on the agent for full support")
                .contains("CUDA <= 12.6");
    }

    @Test
    void minorVersionCompatibilityPassesWhenThePolicyAcceptsIt() {
        ImageProbeReport cuda128 = probe("h100.json", json -> json.replace("\"cuda\": \"13.0\"", "\"cuda\": \"12.8\""));
        PreflightPolicy accepting = PreflightPolicy.builder().warnOnMinorVersionCompatibility(false).build();

        Verdict verdict = verdict(DRIVER_COMPAT, accepting,
                evidence(hostWithDriver("560.35.03", "12.6"), cuda128, GpuRequest.all()));

        assertThat(verdict.level()).isEqualTo(Verdict.Level.PASS);
        assertThat(verdict.summary()).contains("minor-version compatibility");
    }

    @Test
    void withoutTheHostTheDriversCudaVersionFromLibcudaDecides() {
        PreflightEvidence unread = evidence(HostGpuEvidence.notProbed("the local runtime has no nvidia-smi"),
                dockerWithNvidia(), ImageProbeEvidence.reported(probe("h100.json")), GpuRequest.all());

        Verdict verdict = verdict(DRIVER_COMPAT, unread);

        assertThat(verdict.level()).isEqualTo(Verdict.Level.PASS);
        assertThat(verdict.summary()).isEqualTo("torch built for CUDA 13.0, driver supports CUDA 13.0");
    }

    @Test
    void withoutTheHostAnOlderDriverCudaMajorFails() {
        // Copy of h100.json as if libcuda in the container reported a CUDA 12.2 driver.
        ImageProbeReport report = probe("h100.json", json -> json.replace("\"driverCudaVersion\": \"13.0\"",
                "\"driverCudaVersion\": \"12.2\""));
        PreflightEvidence unread = evidence(HostGpuEvidence.notProbed("the local runtime has no nvidia-smi"),
                dockerWithNvidia(), ImageProbeEvidence.reported(report), GpuRequest.all());

        Verdict verdict = verdict(DRIVER_COMPAT, unread);

        assertThat(verdict.level()).isEqualTo(Verdict.Level.FAIL);
        assertThat(verdict.fix()).contains("580.65.06").contains("CUDA <= 12.2");
    }

    @Test
    void cpuBuildHasNoDriverRequirement() {
        Verdict verdict = verdict(DRIVER_COMPAT, evidence(idleHost(H100), probe("cpu-torch-1.13.json"), GpuRequest.all()));

        assertThat(verdict.level()).isEqualTo(Verdict.Level.SKIP);
    }
}
