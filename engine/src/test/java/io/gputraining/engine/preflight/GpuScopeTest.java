package io.gputraining.engine.preflight;

import static io.gputraining.engine.preflight.PreflightFixtures.H100;
import static io.gputraining.engine.preflight.PreflightFixtures.H200X2;
import static io.gputraining.engine.preflight.PreflightFixtures.busyHost;
import static io.gputraining.engine.preflight.PreflightFixtures.evidence;
import static io.gputraining.engine.preflight.PreflightFixtures.idleHost;
import static io.gputraining.engine.preflight.PreflightFixtures.probe;
import static org.assertj.core.api.Assertions.assertThat;

import io.gputraining.engine.preflight.host.GpuInfo;
import io.gputraining.engine.runtime.GpuRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The fixtures of the host and of the probe were captured on different machines of the same kind, so their GPU
 * UUIDs differ; tests that need them to agree copy the host's UUIDs into the probe's report and say so.
 */
class GpuScopeTest {

    private static final String H200_GPU1_UUID = "GPU-70fe7a69-34ea-ca23-0453-c5656a1a92ce";

    @Test
    void devicesTorchSawAreMatchedToHostGpusByUuid() {
        // Copy of h200x2.json with the UUIDs of the host fixture's GPUs in place of those of the machine it ran on.
        var probe = probe("h200x2.json", json -> json
                .replace("f0b8ea16-f2fe-9e24-5662-4ebfa63e7497", "70fe7a69-34ea-ca23-0453-c5656a1a92ce")
                .replace("f90262c0-4579-dbde-c3d1-c3c89e863339", "6f59b3e4-5917-3523-7cd8-29d71c4a7f6e"));

        GpuScope scope = GpuScope.of(evidence(idleHost(H200X2), probe, GpuRequest.all()));

        assertThat(scope.gpus()).extracting(GpuInfo::index).containsExactly(0, 1);
        assertThat(scope.basis()).isEqualTo("the GPUs the container saw (by UUID)");
    }

    @Test
    void uuidsFromAnotherMachineAreNotTrustedForScope() {
        GpuScope scope = GpuScope.of(evidence(idleHost(H200X2), probe("h200x2.json"), GpuRequest.all()));

        assertThat(scope.basis()).isEqualTo("NVIDIA_VISIBLE_DEVICES=0,1 in the container");
        assertThat(scope.gpus()).extracting(GpuInfo::index).containsExactly(0, 1);
    }

    @Test
    void explicitIdsOfTheRequestChooseThoseGpus() {
        GpuScope scope = GpuScope.of(evidence(idleHost(H200X2), probe("h200x2.json"),
                GpuRequest.ids(List.of(H200_GPU1_UUID))));

        assertThat(scope.gpus()).extracting(GpuInfo::uuid).containsExactly(H200_GPU1_UUID);
        assertThat(scope.unknownIds()).isEmpty();
    }

    @Test
    void idsTheAgentLacksAreListedAsUnknown() {
        GpuScope scope = GpuScope.of(evidence(idleHost(H100), probe("h100.json"), GpuRequest.ids(List.of("0", "3"))));

        assertThat(scope.gpus()).extracting(GpuInfo::index).containsExactly(0);
        assertThat(scope.unknownIds()).containsExactly("3");
    }

    @Test
    void countTakesTheFirstGpusAsDockerDoes() {
        // Copy of h200x2.json without NVIDIA_VISIBLE_DEVICES, so only the count of the request is left to go by.
        var probe = probe("h200x2.json", json -> json.replace("\"NVIDIA_VISIBLE_DEVICES\": \"0,1\"",
                "\"NVIDIA_VISIBLE_DEVICES\": null"));

        GpuScope scope = GpuScope.of(evidence(busyHost(H200X2), probe, GpuRequest.count(1)));

        assertThat(scope.gpus()).extracting(GpuInfo::index).containsExactly(0);
        assertThat(scope.basis()).contains("first 1");
    }

    @Test
    void noGpusAskedForLeavesNoHostGpuInScope() {
        GpuScope scope = GpuScope.of(evidence(idleHost(H100), probe("cpu-torch-1.13.json"), GpuRequest.none()));

        assertThat(scope.isEmpty()).isTrue();
        assertThat(scope.basis()).contains("no GPUs were asked for");
    }

    @Test
    void unreadHostLeavesNoHostGpuInScope() {
        PreflightEvidence unread = evidence(HostGpuEvidence.notProbed("the local runtime has no nvidia-smi"),
                PreflightFixtures.dockerWithNvidia(), ImageProbeEvidence.reported(probe("h100.json")), GpuRequest.all());

        assertThat(GpuScope.of(unread).isEmpty()).isTrue();
    }
}
