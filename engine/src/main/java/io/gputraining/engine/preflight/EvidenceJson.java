package io.gputraining.engine.preflight;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gputraining.engine.preflight.probe.ImageProbeReport;
import io.gputraining.engine.runtime.GpuRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * A report's raw evidence as JSON and back. The probe's report keeps the probe's own JSON layout (it is that
 * document, re-read), so the artifact shows exactly what ran in the image.
 */
final class EvidenceJson {

    private final ObjectMapper mapper;

    EvidenceJson(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    ObjectNode write(PreflightEvidence evidence) {
        ObjectNode node = mapper.createObjectNode();
        node.put("imageReference", evidence.imageReference());
        node.put("imageDigest", evidence.imageDigest());
        ObjectNode request = node.putObject("gpuRequest");
        request.put("count", evidence.gpuRequest().count());
        evidence.gpuRequest().deviceIds().forEach(request.putArray("deviceIds")::add);
        request.put("text", evidence.gpuRequest().toString());

        HostGpuEvidence host = evidence.host();
        ObjectNode hostNode = node.putObject("host");
        hostNode.put("status", host.status().name());
        hostNode.put("message", host.message());
        hostNode.set("inventory", host.inventoryIfRead().<JsonNode>map(HostInventoryJson::write)
                .orElse(mapper.nullNode()));

        RuntimeGpuSupport runtime = evidence.runtime();
        ObjectNode runtimeNode = node.putObject("runtime");
        runtimeNode.put("containerRuntime", runtime.containerRuntime());
        runtimeNode.put("runtimeDescription", runtime.runtimeDescription());
        runtime.runtimes().forEach(runtimeNode.putArray("runtimes")::add);
        runtimeNode.put("nvidiaRuntimeRegistered", runtime.nvidiaRuntimeRegistered());
        runtimeNode.put("gpuRequestError", runtime.gpuRequestError());
        runtimeNode.set("cdi", mapper.valueToTree(runtime.cdi()));

        ImageProbeEvidence image = evidence.image();
        ObjectNode imageNode = node.putObject("image");
        imageNode.put("outcome", image.outcome().name());
        imageNode.put("exitCode", image.exitCode());
        imageNode.put("message", image.message());
        imageNode.set("report", image.report() == null ? mapper.nullNode() : mapper.valueToTree(image.report()));

        node.set("timings", mapper.valueToTree(PreflightReportMap.timings(evidence.timings())));
        return node;
    }

    PreflightEvidence read(JsonNode node) throws JsonProcessingException {
        JsonNode request = node.path("gpuRequest");
        List<String> ids = new ArrayList<>();
        request.path("deviceIds").forEach(id -> ids.add(id.asText()));
        GpuRequest gpuRequest = new GpuRequest(request.path("count").asInt(), ids);

        JsonNode host = node.path("host");
        HostGpuEvidence hostEvidence = new HostGpuEvidence(HostGpuEvidence.Status.valueOf(host.path("status").asText()),
                host.hasNonNull("inventory") ? HostInventoryJson.read(host.get("inventory")) : null,
                HostInventoryJson.text(host, "message").orElse(null));

        JsonNode runtime = node.path("runtime");
        List<String> runtimes = new ArrayList<>();
        runtime.path("runtimes").forEach(r -> runtimes.add(r.asText()));
        RuntimeGpuSupport runtimeSupport = new RuntimeGpuSupport(runtime.path("containerRuntime").asBoolean(),
                runtime.path("runtimeDescription").asText(), runtimes, runtime.path("nvidiaRuntimeRegistered").asBoolean(),
                HostInventoryJson.text(runtime, "gpuRequestError").orElse(null),
                runtime.hasNonNull("cdi") ? mapper.treeToValue(runtime.get("cdi"), CdiEvidence.class) : null);

        JsonNode image = node.path("image");
        ImageProbeEvidence imageEvidence = new ImageProbeEvidence(
                ImageProbeEvidence.Outcome.valueOf(image.path("outcome").asText()),
                image.hasNonNull("report") ? mapper.treeToValue(image.get("report"), ImageProbeReport.class) : null,
                image.hasNonNull("exitCode") ? image.get("exitCode").asInt() : null,
                HostInventoryJson.text(image, "message").orElse(null));

        return new PreflightEvidence(HostInventoryJson.text(node, "imageReference").orElse(null),
                HostInventoryJson.text(node, "imageDigest").orElse(null), gpuRequest, hostEvidence, runtimeSupport,
                imageEvidence, PreflightReportJson.timings(node.path("timings")));
    }
}
