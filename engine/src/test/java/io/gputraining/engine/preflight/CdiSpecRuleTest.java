package io.gputraining.engine.preflight;

import static io.gputraining.engine.preflight.PreflightCheck.CDI_SPEC;
import static io.gputraining.engine.preflight.PreflightCheck.RUNTIME_GPUS;
import static io.gputraining.engine.preflight.PreflightFixtures.H100;
import static io.gputraining.engine.preflight.PreflightFixtures.evidence;
import static io.gputraining.engine.preflight.PreflightFixtures.idleHost;
import static io.gputraining.engine.preflight.PreflightFixtures.probe;
import static io.gputraining.engine.preflight.PreflightFixtures.verdict;
import static org.assertj.core.api.Assertions.assertThat;

import io.gputraining.engine.cdi.CdiSpecScan;
import io.gputraining.engine.runtime.CdiSupport;
import io.gputraining.engine.runtime.GpuAccess;
import io.gputraining.engine.runtime.GpuRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cdi-spec verdicts on NVIDIA's spec format (the H100 fixture, written from nvidia-ctk's format) as an agent's
 * /etc/cdi would hold it: present and current, missing, not listing the GPU asked for, generated for the driver
 * before an upgrade, defined twice.
 */
class CdiSpecRuleTest {

    private static final String UUID = "GPU-b5985e46-2b4b-da6a-7526-7d6fab3a4cc8";
    private static final CdiSupport PODMAN = new CdiSupport(true, List.of("/etc/cdi", "/var/run/cdi"), true, "");

    @TempDir
    Path etcCdi;

    private String nvidiaSpec() throws Exception {
        return PreflightFixtures.resource("/fixtures/cdi/h100-driver-580-handwritten/nvidia.yaml");
    }

    private PreflightEvidence onPodman(List<String> devices, Predicate<String> hostHas) {
        GpuAccess access = new GpuAccess(GpuAccess.Mode.CDI, devices);
        CdiSpecScan scan = CdiSpecScan.read(List.of(etcCdi.toString()), "nvidia.com/gpu", hostHas);
        RuntimeGpuSupport runtime = RuntimeGpuSupport.daemon("podman 4.3.1 (API 1.41) at unix:///run/podman/podman.sock",
                List.of("crun", "runc"), null, new CdiEvidence(access, PODMAN, scan, null));
        return evidence(HostGpuEvidence.read(idleHost(H100)), runtime, ImageProbeEvidence.reported(probe("h100.json")),
                GpuRequest.ids(List.of(UUID)));
    }

    @Test
    void aCurrentSpecListingTheLeasedGpuPasses() throws Exception {
        Files.writeString(etcCdi.resolve("nvidia.yaml"), nvidiaSpec());

        Verdict verdict = verdict(CDI_SPEC, onPodman(List.of("nvidia.com/gpu=" + UUID), path -> true));

        assertThat(verdict.level()).isEqualTo(Verdict.Level.PASS);
        assertThat(verdict.summary()).contains("nvidia.yaml").contains("driver 580.159.04").contains("nvidia.com/gpu=" + UUID);
    }

    @Test
    void noSpecFailsWithTheGenerateCommand() {
        Verdict verdict = verdict(CDI_SPEC, onPodman(List.of("nvidia.com/gpu=all"), path -> true));

        assertThat(verdict.level()).isEqualTo(Verdict.Level.FAIL);
        assertThat(verdict.summary()).isEqualTo("no CDI spec for nvidia.com/gpu in " + etcCdi);
        assertThat(verdict.fix()).contains("nvidia-ctk cdi generate --output=/etc/cdi/nvidia.yaml");
    }

    @Test
    void aSpecThatDoesNotListTheGpuFailsNamingWhatItLists() throws Exception {
        Files.writeString(etcCdi.resolve("nvidia.yaml"), nvidiaSpec().replace("- name: " + UUID, "- name: GPU-other"));

        Verdict verdict = verdict(CDI_SPEC, onPodman(List.of("nvidia.com/gpu=" + UUID), path -> true));

        assertThat(verdict.level()).isEqualTo(Verdict.Level.FAIL);
        assertThat(verdict.summary()).contains("does not list nvidia.com/gpu=" + UUID);
        assertThat(verdict.cause()).contains("0, GPU-other, all");
        assertThat(verdict.fix()).contains("nvidia-ctk cdi list").contains("nvidia-ctk cdi generate");
    }

    @Test
    void aSpecGeneratedBeforeADriverUpgradeIsStale() throws Exception {
        // The spec of driver 570 left in place after the upgrade to 580: its libraries are gone from the host.
        Files.writeString(etcCdi.resolve("nvidia.yaml"), nvidiaSpec().replace("580.159.04", "570.86.15"));

        Verdict verdict = verdict(CDI_SPEC, onPodman(List.of("nvidia.com/gpu=0"), path -> !path.contains("570.86.15")));

        assertThat(verdict.level()).isEqualTo(Verdict.Level.FAIL);
        assertThat(verdict.summary()).contains("is older than the driver");
        assertThat(verdict.cause()).contains("generated for driver 570.86.15, and the driver is now 580.159.04")
                .contains("no longer has: /usr/lib/x86_64-linux-gnu/libcuda.so.570.86.15");
        assertThat(verdict.fix()).contains("nvidia-ctk cdi generate --output=/etc/cdi/nvidia.yaml").contains("driver upgrade");
    }

    @Test
    void hostFilesMissingAloneMakeItStaleToo() throws Exception {
        Files.writeString(etcCdi.resolve("nvidia.yaml"), nvidiaSpec());

        Verdict verdict = verdict(CDI_SPEC, onPodman(List.of("nvidia.com/gpu=0"), path -> !path.equals("/usr/bin/nvidia-smi")));

        assertThat(verdict.level()).isEqualTo(Verdict.Level.FAIL);
        assertThat(verdict.cause()).contains("/usr/bin/nvidia-smi").doesNotContain("generated for driver");
    }

    @Test
    void theSameDeviceInTwoSpecsOfOneDirectoryFails() throws Exception {
        Files.writeString(etcCdi.resolve("nvidia.yaml"), nvidiaSpec());
        Files.writeString(etcCdi.resolve("nvidia-old.yaml"), nvidiaSpec());

        Verdict verdict = verdict(CDI_SPEC, onPodman(List.of("nvidia.com/gpu=0"), path -> true));

        assertThat(verdict.level()).isEqualTo(Verdict.Level.FAIL);
        assertThat(verdict.summary()).contains("defined by two specs");
    }

    @Test
    void anUnreadableNeighbourWarns() throws Exception {
        Files.writeString(etcCdi.resolve("nvidia.yaml"), nvidiaSpec());
        Files.writeString(etcCdi.resolve("broken.json"), "{");

        Verdict verdict = verdict(CDI_SPEC, onPodman(List.of("nvidia.com/gpu=0"), path -> true));

        assertThat(verdict.level()).isEqualTo(Verdict.Level.WARN);
        assertThat(verdict.cause()).contains("broken.json");
    }

    @Test
    void deviceRequestsOnDockerAreNotJudgedHere() {
        CdiSupport old = CdiSupport.none("docker 20.10.24 is older than 25, the first Docker that resolves CDI devices");
        RuntimeGpuSupport runtime = RuntimeGpuSupport.daemon("docker 20.10.24 (API 1.41) at unix:///var/run/docker.sock",
                List.of("runc"), null, CdiEvidence.gather(new GpuAccess(GpuAccess.Mode.DEVICE_REQUEST, List.of("all")), old));

        Verdict verdict = verdict(CDI_SPEC, evidence(HostGpuEvidence.read(idleHost(H100)), runtime,
                ImageProbeEvidence.reported(probe("h100.json")), GpuRequest.all()));

        assertThat(verdict.level()).isEqualTo(Verdict.Level.SKIP);
        assertThat(verdict.summary()).contains("device-request").contains("older than 25");
    }

    @Test
    void aRemoteDaemonsSpecsAreNotReadFromHere() {
        CdiSupport remote = new CdiSupport(true, List.of("/etc/cdi"), false, "");
        GpuAccess access = new GpuAccess(GpuAccess.Mode.CDI, List.of("nvidia.com/gpu=all"));
        RuntimeGpuSupport runtime = RuntimeGpuSupport.daemon("docker 26.1.5 (API 1.45) at tcp://gpu-host:2376", List.of("runc"), null,
                CdiEvidence.gather(access, remote));

        Verdict verdict = verdict(CDI_SPEC, evidence(HostGpuEvidence.read(idleHost(H100)), runtime,
                ImageProbeEvidence.reported(probe("h100.json")), GpuRequest.all()));

        assertThat(verdict.level()).isEqualTo(Verdict.Level.SKIP);
        assertThat(verdict.summary()).contains("not on this host");
    }

    @Test
    void anUnresolvedCdiDeviceFailsRuntimeGpusWithTheFix() {
        GpuAccess access = new GpuAccess(GpuAccess.Mode.CDI, List.of("nvidia.com/gpu=all"));
        RuntimeGpuSupport runtime = RuntimeGpuSupport.daemon("podman 4.3.1 (API 1.41) at unix:///run/podman/podman.sock", List.of("runc"),
                "setting up CDI devices: unresolvable CDI devices nvidia.com/gpu=all", new CdiEvidence(access, PODMAN, null, "x"));

        Verdict verdict = verdict(RUNTIME_GPUS, evidence(HostGpuEvidence.read(idleHost(H100)), runtime,
                ImageProbeEvidence.notRun("the container could not be given GPUs"), GpuRequest.all()));

        assertThat(verdict.level()).isEqualTo(Verdict.Level.FAIL);
        assertThat(verdict.cause()).contains("CDI devices (nvidia.com/gpu=all)");
        assertThat(verdict.fix()).contains("nvidia-ctk cdi generate --output=/etc/cdi/nvidia.yaml");
    }
}
