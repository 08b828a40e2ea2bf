package io.gputraining.engine.preflight.host;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reads {@code nvidia-smi --query-compute-apps=}{@link NvidiaSmiQuery#COMPUTE_APP_FIELDS} output into
 * {@link GpuProcess}es. Idle GPUs give a header and no rows (or, without header, nothing): an empty list.
 */
public final class ComputeAppsParser {

    private ComputeAppsParser() {
    }

    /** Parses {@code --format=csv}, {@code csv,noheader} or {@code csv,noheader,nounits} output. */
    public static ParsedRows<GpuProcess> parse(String csv) {
        NvidiaSmiCsv.Table table = NvidiaSmiCsv.read(csv, NvidiaSmiQuery.COMPUTE_APP_FIELDS, "pid", "process_name");
        List<GpuProcess> processes = new ArrayList<>();
        List<String> unparsed = new ArrayList<>(table.unparsedLines());
        for (NvidiaSmiCsv.Row row : table.rows()) {
            process(row).ifPresentOrElse(processes::add, () -> unparsed.add(row.line()));
        }
        return new ParsedRows<>(processes, unparsed);
    }

    private static Optional<GpuProcess> process(NvidiaSmiCsv.Row row) {
        OptionalLong pid = NvidiaSmiValue.wholeNumber(row.raw("pid").orElse(null));
        Optional<String> gpu = NvidiaSmiValue.text(row.raw("gpu_uuid").orElse(null));
        if (pid.isEmpty() || gpu.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new GpuProcess(pid.getAsLong(),
                NvidiaSmiValue.text(row.raw("process_name").orElse(null)),
                gpu.get(),
                NvidiaSmiValue.wholeNumber(row.raw("used_memory").orElse(null))));
    }
}
