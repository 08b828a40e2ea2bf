package io.gputraining.engine.preflight;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gputraining.engine.preflight.host.ComputeCapability;
import io.gputraining.engine.preflight.host.ComputeMode;
import io.gputraining.engine.preflight.host.CudaVersion;
import io.gputraining.engine.preflight.host.DriverVersion;
import io.gputraining.engine.preflight.host.GpuInfo;
import io.gputraining.engine.preflight.host.GpuProcess;
import io.gputraining.engine.preflight.host.HostGpuInventory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * A {@link HostGpuInventory} as JSON and back, field by field: its records hold Optionals, which Jackson does not
 * write without a module this engine does not carry, and explicit names keep the file stable if the records change.
 * An absent value is written as null.
 */
final class HostInventoryJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private HostInventoryJson() {
    }

    static ObjectNode write(HostGpuInventory host) {
        ObjectNode node = NODES.objectNode();
        node.put("driverVersion", host.driverVersion().text());
        node.put("cudaDriverVersion", host.cudaDriverVersion().map(Object::toString).orElse(null));
        ArrayNode gpus = node.putArray("gpus");
        host.gpus().forEach(gpu -> gpus.add(gpu(gpu)));
        ArrayNode processes = node.putArray("processes");
        host.processes().forEach(p -> processes.add(process(p)));
        ArrayNode unparsed = node.putArray("unparsedLines");
        host.unparsedLines().forEach(unparsed::add);
        return node;
    }

    static HostGpuInventory read(JsonNode node) {
        List<GpuInfo> gpus = new ArrayList<>();
        node.path("gpus").forEach(g -> gpus.add(gpu(g)));
        List<GpuProcess> processes = new ArrayList<>();
        node.path("processes").forEach(p -> processes.add(new GpuProcess(p.path("pid").asLong(), text(p, "processName"),
                p.path("gpuUuid").asText(), whole(p, "usedMemoryMib"))));
        List<String> unparsed = new ArrayList<>();
        node.path("unparsedLines").forEach(line -> unparsed.add(line.asText()));
        return new HostGpuInventory(DriverVersion.parse(node.path("driverVersion").asText()),
                text(node, "cudaDriverVersion").map(CudaVersion::parse), gpus, processes, unparsed);
    }

    private static ObjectNode gpu(GpuInfo g) {
        ObjectNode n = NODES.objectNode();
        n.put("index", g.index());
        n.put("uuid", g.uuid());
        n.put("name", g.name());
        n.put("pciBusId", g.pciBusId().orElse(null));
        n.put("driverVersion", g.driverVersion().map(DriverVersion::text).orElse(null));
        n.put("vbiosVersion", g.vbiosVersion().orElse(null));
        put(n, "memoryTotalMib", g.memoryTotalMib());
        put(n, "memoryUsedMib", g.memoryUsedMib());
        put(n, "memoryFreeMib", g.memoryFreeMib());
        put(n, "temperatureC", g.temperatureC());
        put(n, "powerDrawW", g.powerDrawW());
        put(n, "powerLimitW", g.powerLimitW());
        put(n, "utilizationGpuPercent", g.utilizationGpuPercent());
        put(n, "utilizationMemoryPercent", g.utilizationMemoryPercent());
        n.put("eccEnabled", g.eccEnabled().orElse(null));
        put(n, "eccUncorrectedVolatile", g.eccUncorrectedVolatile());
        put(n, "eccCorrectedVolatile", g.eccCorrectedVolatile());
        n.put("retiredPagesPending", g.retiredPagesPending().orElse(null));
        n.put("remappedRowsPending", g.remappedRowsPending().orElse(null));
        n.put("remappedRowsFailure", g.remappedRowsFailure().orElse(null));
        n.put("migEnabled", g.migEnabled().orElse(null));
        n.put("computeCapability", g.computeCapability().map(Object::toString).orElse(null));
        put(n, "pcieLinkGen", g.pcieLinkGen());
        put(n, "pcieLinkWidth", g.pcieLinkWidth());
        put(n, "clocksEventReasons", g.clocksEventReasons());
        n.put("persistenceMode", g.persistenceMode().orElse(null));
        n.put("computeMode", g.computeMode().map(Enum::name).orElse(null));
        n.put("displayMode", g.displayMode().orElse(null));
        return n;
    }

    private static GpuInfo gpu(JsonNode n) {
        return new GpuInfo(n.path("index").asInt(), n.path("uuid").asText(), n.path("name").asText(),
                text(n, "pciBusId"), text(n, "driverVersion").map(DriverVersion::parse), text(n, "vbiosVersion"),
                whole(n, "memoryTotalMib"), whole(n, "memoryUsedMib"), whole(n, "memoryFreeMib"),
                small(n, "temperatureC"), decimal(n, "powerDrawW"), decimal(n, "powerLimitW"),
                small(n, "utilizationGpuPercent"), small(n, "utilizationMemoryPercent"), flag(n, "eccEnabled"),
                whole(n, "eccUncorrectedVolatile"), whole(n, "eccCorrectedVolatile"), flag(n, "retiredPagesPending"),
                flag(n, "remappedRowsPending"), flag(n, "remappedRowsFailure"), flag(n, "migEnabled"),
                text(n, "computeCapability").map(ComputeCapability::parse), small(n, "pcieLinkGen"),
                small(n, "pcieLinkWidth"), whole(n, "clocksEventReasons"), flag(n, "persistenceMode"),
                text(n, "computeMode").map(ComputeMode::valueOf), flag(n, "displayMode"));
    }

    private static ObjectNode process(GpuProcess p) {
        ObjectNode n = NODES.objectNode();
        n.put("pid", p.pid());
        n.put("processName", p.processName().orElse(null));
        n.put("gpuUuid", p.gpuUuid());
        put(n, "usedMemoryMib", p.usedMemoryMib());
        return n;
    }

    private static void put(ObjectNode n, String key, OptionalLong value) {
        n.put(key, value.isPresent() ? value.getAsLong() : null);
    }

    private static void put(ObjectNode n, String key, OptionalInt value) {
        n.put(key, value.isPresent() ? value.getAsInt() : null);
    }

    private static void put(ObjectNode n, String key, OptionalDouble value) {
        n.put(key, value.isPresent() ? value.getAsDouble() : null);
    }

    private static boolean present(JsonNode n, String key) {
        return n.hasNonNull(key);
    }

    static Optional<String> text(JsonNode n, String key) {
        return present(n, key) ? Optional.of(n.get(key).asText()) : Optional.empty();
    }

    private static OptionalLong whole(JsonNode n, String key) {
        return present(n, key) ? OptionalLong.of(n.get(key).asLong()) : OptionalLong.empty();
    }

    private static OptionalInt small(JsonNode n, String key) {
        return present(n, key) ? OptionalInt.of(n.get(key).asInt()) : OptionalInt.empty();
    }

    private static OptionalDouble decimal(JsonNode n, String key) {
        return present(n, key) ? OptionalDouble.of(n.get(key).asDouble()) : OptionalDouble.empty();
    }

    private static Optional<Boolean> flag(JsonNode n, String key) {
        return present(n, key) ? Optional.of(n.get(key).asBoolean()) : Optional.empty();
    }
}
