package io.gputraining.engine.preflight;

import static io.gputraining.engine.preflight.PreflightFixtures.H100;
import static io.gputraining.engine.preflight.PreflightFixtures.H200X2;
import static io.gputraining.engine.preflight.PreflightFixtures.busyHost;
import static io.gputraining.engine.preflight.PreflightFixtures.dockerWithNvidia;
import static io.gputraining.engine.preflight.PreflightFixtures.evidence;
import static io.gputraining.engine.preflight.PreflightFixtures.idleHost;
import static io.gputraining.engine.preflight.PreflightFixtures.probe;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gputraining.engine.preflight.host.NoNvidiaDriverException;
import io.gputraining.engine.runtime.GpuRequest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PreflightReportJsonTest {

    private final PreflightReportJson json = new PreflightReportJson();

    @Test
    void reportWithEvidenceReadsBackEqual() {
        PreflightReport report = VerdictRules.standard().report(PreflightPolicy.defaults(),
                evidence(busyHost(H200X2), probe("h200x2-allreduce-timeout.json"), GpuRequest.count(2)), true);

        assertThat(json.read(json.write(report))).isEqualTo(report);
    }

    @Test
    void reportOfFailedLayersReadsBackEqual() {
        PreflightEvidence failedLayers = evidence(HostGpuEvidence.noDriver(new NoNvidiaDriverException("on the PATH")),
                RuntimeGpuSupport.daemon("Docker 27.3.1", List.of("runc"), "could not select device driver \"nvidia\""),
                ImageProbeEvidence.containerFailed(125, "docker: Error response from daemon"), GpuRequest.ids(List.of("0", "1")));
        PreflightReport report = VerdictRules.standard().report(PreflightPolicy.defaults(), failedLayers, true);

        assertThat(json.read(json.write(report))).isEqualTo(report);
    }

    @Test
    void reportWithoutEvidenceReadsBackEqualAndHasNoEvidenceKey() throws Exception {
        PreflightReport report = VerdictRules.standard().report(PreflightPolicy.defaults(),
                evidence(idleHost(H100), probe("cpu-torch-1.13.json"), GpuRequest.all()), false);

        String text = json.write(report);

        assertThat(json.read(text)).isEqualTo(report);
        assertThat(new ObjectMapper().readTree(text).has("evidence")).isFalse();
    }

    @Test
    void topLevelKeysAreThoseOfTheMapViewThenTheEvidence() throws Exception {
        PreflightReport report = VerdictRules.standard().report(PreflightPolicy.defaults(),
                evidence(idleHost(H100), probe("h100.json"), GpuRequest.all()), true);

        JsonNode node = new ObjectMapper().readTree(json.write(report));

        List<String> keys = new ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        List<String> expected = new ArrayList<>(report.toMap().keySet());
        expected.add("evidence");
        assertThat(keys).containsExactlyElementsOf(expected);
        assertThat(keys).startsWith("schemaVersion", "overall");
        assertThat(node.at("/evidence/image/report/torch/version").asText()).isEqualTo("2.11.0+cu130");
        assertThat(node.at("/evidence/host/inventory/gpus/0/uuid").asText())
                .isEqualTo("GPU-b5985e46-2b4b-da6a-7526-7d6fab3a4cc8");
        assertThat(node.at("/verdicts/0/check").asText()).isEqualTo("host-driver");
    }

    @Test
    void localRuntimeWithoutImageReadsBackEqual() {
        PreflightEvidence local = new PreflightEvidence(null, null, GpuRequest.none(),
                HostGpuEvidence.notProbed("no GPUs were asked for"), RuntimeGpuSupport.local(),
                ImageProbeEvidence.reported(probe("cpu-torch-1.13.json")), new PreflightTimings(0, 0, 6566, 6570));
        PreflightReport report = VerdictRules.standard().report(PreflightPolicy.builder().allowCpuFallback(true).build(),
                local, true);

        assertThat(json.read(json.write(report))).isEqualTo(report);
    }

    @Test
    void otherSchemaVersionIsRefusedSayingWhichItIs() {
        String text = json.write(VerdictRules.standard().report(PreflightPolicy.defaults(),
                evidence(HostGpuEvidence.read(idleHost(H100)), dockerWithNvidia(),
                        ImageProbeEvidence.reported(probe("h100.json")), GpuRequest.all()), false))
                .replace("\"schemaVersion\" : 1", "\"schemaVersion\" : 2");

        assertThatThrownBy(() -> json.read(text)).isInstanceOf(PreflightReportFormatException.class)
                .hasMessageContaining("schema version 2").hasMessageContaining("reads version 1");
    }

    @Test
    void textThatIsNotJsonIsRefused() {
        assertThatThrownBy(() -> json.read("PASS")).isInstanceOf(PreflightReportFormatException.class)
                .hasMessageContaining("not a preflight report's JSON");
    }

    @Test
    void editedLevelThatIsNoLevelIsRefused() {
        String text = json.write(VerdictRules.standard().report(PreflightPolicy.defaults(), PreflightFixtures.h100(), false))
                .replaceFirst("\"level\" : \"PASS\"", "\"level\" : \"GREEN\"");

        assertThatThrownBy(() -> json.read(text)).isInstanceOf(PreflightReportFormatException.class)
                .hasMessageContaining("out of place");
    }
}
