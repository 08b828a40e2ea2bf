package io.gputraining.engine.preflight.host;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Builds a {@link HostGpuInventory} from the three outputs {@link HostGpuProbe} collects: the GPU query, the
 * compute-apps query and the XML report. Useful on its own to build inventories from captured outputs.
 */
public final class HostGpuInventoryParser {

    private HostGpuInventoryParser() {
    }

    /**
     * @param queryGpuCsv    output of {@link NvidiaSmiQuery#gpus}
     * @param computeAppsCsv output of {@link NvidiaSmiQuery#computeApps}
     * @param fullReportXml  output of {@link NvidiaSmiQuery#fullReportXml}
     * @throws NvidiaSmiOutputException when the XML is not XML, or no driver version is found anywhere
     */
    public static HostGpuInventory parse(String queryGpuCsv, String computeAppsCsv, String fullReportXml) {
        ParsedRows<GpuInfo> gpus = GpuQueryParser.parse(queryGpuCsv);
        ParsedRows<GpuProcess> processes = ComputeAppsParser.parse(computeAppsCsv);
        NvidiaSmiXmlReport report = NvidiaSmiXmlReport.parse(fullReportXml);

        List<GpuInfo> merged = gpus.rows().stream().map(gpu -> {
            NvidiaSmiXmlReport.RowRemapping rows = report.rowRemapping().get(gpu.uuid());
            return rows == null ? gpu : gpu.withRemappedRows(rows.pending(), rows.failure());
        }).toList();
        Optional<DriverVersion> driver = report.driverVersion()
                .or(() -> merged.stream().flatMap(g -> g.driverVersion().stream()).findFirst());
        if (driver.isEmpty()) {
            throw new NvidiaSmiOutputException("no driver version in the XML report nor in the GPU query",
                    queryGpuCsv, null);
        }
        List<String> unparsed = new ArrayList<>(gpus.unparsedLines());
        unparsed.addAll(processes.unparsedLines());
        return new HostGpuInventory(driver.get(), report.cudaVersion(), merged, processes.rows(), unparsed);
    }
}
