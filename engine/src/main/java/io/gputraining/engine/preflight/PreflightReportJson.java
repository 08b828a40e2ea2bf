package io.gputraining.engine.preflight;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a {@link PreflightReport} as JSON and reads it back: the build's preflight artifact. The top level holds
 * exactly the keys of {@link PreflightReport#toMap()}, plus {@code evidence} when the report kept it; every field is
 * documented in {@code docs/preflight.md}. Fields this engine does not know are ignored, so a newer writer of the
 * same schema version still reads; another schema version is refused. Thread-safe.
 */
public final class PreflightReportJson {

    private final ObjectMapper mapper = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    private final EvidenceJson evidenceJson = new EvidenceJson(mapper);

    /** The report as indented JSON, with its raw evidence when it kept it. */
    public String write(PreflightReport report) {
        ObjectNode node = mapper.valueToTree(report.toMap());
        report.evidenceIfKept().ifPresent(evidence -> node.set("evidence", evidenceJson.write(evidence)));
        try {
            return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always writes", e);
        }
    }

    /**
     * @throws PreflightReportFormatException when the text is not a preflight report of {@link PreflightReport#SCHEMA_VERSION}
     */
    public PreflightReport read(String json) {
        JsonNode node;
        try {
            node = mapper.readTree(json == null ? "" : json);
        } catch (JsonProcessingException e) {
            throw new PreflightReportFormatException("This is not a preflight report's JSON (" + e.getOriginalMessage()
                    + "): read the file the preflight wrote (preflight.json).", e);
        }
        if (node == null || !node.isObject()) {
            throw new PreflightReportFormatException("A preflight report's JSON is an object; this is "
                    + (node == null || node.isMissingNode() ? "empty" : node.getNodeType().name().toLowerCase()) + ".", null);
        }
        int version = node.path("schemaVersion").asInt(-1);
        if (version != PreflightReport.SCHEMA_VERSION) {
            throw new PreflightReportFormatException("This preflight report has schema version "
                    + (version < 0 ? "none" : version) + "; this engine reads version " + PreflightReport.SCHEMA_VERSION
                    + ". Read it with the gpu-training version that wrote it.", null);
        }
        try {
            return report(node);
        } catch (IllegalArgumentException | NullPointerException | JsonProcessingException e) {
            throw new PreflightReportFormatException("This preflight report's JSON has a field out of place: "
                    + e.getMessage() + ". Was the file edited? Write it again from the build.", e);
        }
    }

    private PreflightReport report(JsonNode node) throws JsonProcessingException {
        List<Verdict> verdicts = new ArrayList<>();
        for (JsonNode v : node.path("verdicts")) {
            verdicts.add(new Verdict(v.path("check").asText(), Verdict.Level.valueOf(v.path("level").asText()),
                    v.path("summary").asText(), text(v, "cause"), text(v, "fix")));
        }
        List<GpuSummary> gpus = new ArrayList<>();
        for (JsonNode g : node.path("gpus")) {
            gpus.add(new GpuSummary(g.path("index").asInt(), g.path("name").asText(), text(g, "uuid"),
                    g.hasNonNull("memoryTotalMiB") ? g.get("memoryTotalMiB").asLong() : null,
                    g.hasNonNull("memoryFreeMiB") ? g.get("memoryFreeMiB").asLong() : null, text(g, "capability")));
        }
        PreflightEvidence evidence = node.hasNonNull("evidence") ? evidenceJson.read(node.get("evidence")) : null;
        return new PreflightReport(node.path("schemaVersion").asInt(), Verdict.Level.valueOf(node.path("overall").asText()),
                verdicts, text(node, "imageReference"), text(node, "imageDigest"), text(node, "driverVersion"),
                text(node, "hostCudaVersion"), text(node, "torchVersion"), text(node, "torchCuda"),
                text(node, "cudnnVersion"), text(node, "ncclVersion"), gpus, timings(node.path("timings")), evidence);
    }

    static PreflightTimings timings(JsonNode node) {
        return new PreflightTimings(node.path("hostMillis").asLong(), node.path("runtimeMillis").asLong(),
                node.path("imageProbeMillis").asLong(), node.path("totalMillis").asLong());
    }

    private static String text(JsonNode node, String key) {
        return node.hasNonNull(key) ? node.get(key).asText() : null;
    }
}
