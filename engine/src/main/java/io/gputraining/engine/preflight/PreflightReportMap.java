package io.gputraining.engine.preflight;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.stream.Collectors;

/**
 * The plain view of a report, shared by {@link PreflightReport#toMap()} and {@link PreflightReportJson}, so the
 * Pipeline map and the JSON file cannot drift apart: same keys, same values. Only {@link LinkedHashMap},
 * {@link ArrayList}, String, Integer, Long and null: classes every Jenkins serialization filter (remoting, the
 * Pipeline program state) accepts, unlike the JDK's immutable collections.
 */
final class PreflightReportMap {

    private PreflightReportMap() {
    }

    static LinkedHashMap<String, Object> of(PreflightReport report) {
        LinkedHashMap<String, Object> map = new LinkedHashMap<>();
        map.put("schemaVersion", report.schemaVersion());
        map.put("overall", report.overall().name());
        map.put("imageReference", report.imageReference());
        map.put("imageDigest", report.imageDigest());
        map.put("driverVersion", report.driverVersion());
        map.put("hostCudaVersion", report.hostCudaVersion());
        map.put("torchVersion", report.torchVersion());
        map.put("torchCuda", report.torchCuda());
        map.put("cudnnVersion", report.cudnnVersion());
        map.put("ncclVersion", report.ncclVersion());
        map.put("gpus", report.gpus().stream().map(PreflightReportMap::gpu).collect(Collectors.toCollection(ArrayList::new)));
        map.put("timings", timings(report.timings()));
        map.put("verdicts", report.verdicts().stream().map(PreflightReportMap::verdict).collect(Collectors.toCollection(ArrayList::new)));
        return map;
    }

    static LinkedHashMap<String, Object> gpu(GpuSummary gpu) {
        LinkedHashMap<String, Object> map = new LinkedHashMap<>();
        map.put("index", gpu.index());
        map.put("name", gpu.name());
        map.put("uuid", gpu.uuid());
        map.put("memoryTotalMiB", gpu.memoryTotalMiB());
        map.put("memoryFreeMiB", gpu.memoryFreeMiB());
        map.put("capability", gpu.capability());
        return map;
    }

    static LinkedHashMap<String, Object> timings(PreflightTimings timings) {
        LinkedHashMap<String, Object> map = new LinkedHashMap<>();
        map.put("hostMillis", timings.hostMillis());
        map.put("runtimeMillis", timings.runtimeMillis());
        map.put("imageProbeMillis", timings.imageProbeMillis());
        map.put("totalMillis", timings.totalMillis());
        return map;
    }

    static LinkedHashMap<String, Object> verdict(Verdict verdict) {
        LinkedHashMap<String, Object> map = new LinkedHashMap<>();
        map.put("check", verdict.check());
        map.put("level", verdict.level().name());
        map.put("summary", verdict.summary());
        map.put("cause", verdict.cause());
        map.put("fix", verdict.fix());
        return map;
    }
}
