package io.gputraining.engine.preflight;

import static io.gputraining.engine.preflight.PreflightFixtures.H100;
import static io.gputraining.engine.preflight.PreflightFixtures.evidence;
import static io.gputraining.engine.preflight.PreflightFixtures.idleHost;
import static io.gputraining.engine.preflight.PreflightFixtures.probe;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.gputraining.engine.cdi.CdiSpecScan;
import io.gputraining.engine.runtime.CdiSupport;
import io.gputraining.engine.runtime.GpuAccess;
import io.gputraining.engine.runtime.GpuRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CDI part of a report's evidence survives the JSON artifact, and a report from before it had one still reads. */
class CdiEvidenceJsonTest {

    private final PreflightReportJson json = new PreflightReportJson();

    @Test
    void aReportWithCdiSpecsReadsBackEqual(@TempDir Path etcCdi) throws Exception {
        Files.writeString(etcCdi.resolve("nvidia.yaml"), PreflightFixtures.resource("/fixtures/cdi/h100-driver-580-handwritten/nvidia.yaml"));
        GpuAccess access = new GpuAccess(GpuAccess.Mode.CDI, List.of("nvidia.com/gpu=0"));
        CdiEvidence cdi = new CdiEvidence(access, new CdiSupport(true, List.of(etcCdi.toString()), true, ""),
                CdiSpecScan.read(List.of(etcCdi.toString()), "nvidia.com/gpu", p -> !p.endsWith("nvidia-smi")), null);
        PreflightReport report = VerdictRules.standard().report(PreflightPolicy.defaults(),
                evidence(HostGpuEvidence.read(idleHost(H100)), RuntimeGpuSupport.daemon("podman 4.3.1", List.of("runc"), null, cdi),
                        ImageProbeEvidence.reported(probe("h100.json")), GpuRequest.ids(List.of("0"))), true);

        String text = json.write(report);

        assertThat(json.read(text)).isEqualTo(report);
        assertThat(new ObjectMapper().readTree(text).at("/evidence/runtime/cdi/access/mode").asText()).isEqualTo("CDI");
        assertThat(report.verdict("cdi-spec").orElseThrow().level()).isEqualTo(Verdict.Level.FAIL);
    }

    @Test
    void evidenceWithoutCdiReadsAsNotRecorded() throws Exception {
        PreflightReport report = VerdictRules.standard().report(PreflightPolicy.defaults(),
                evidence(idleHost(H100), probe("h100.json"), GpuRequest.all()), true);
        ObjectMapper mapper = new ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode node = (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(json.write(report));
        ((com.fasterxml.jackson.databind.node.ObjectNode) node.at("/evidence/runtime")).remove("cdi");

        PreflightReport old = json.read(mapper.writeValueAsString(node));

        assertThat(old.evidenceIfKept().orElseThrow().runtime().cdi().access().mode()).isEqualTo(GpuAccess.Mode.NONE);
    }
}
