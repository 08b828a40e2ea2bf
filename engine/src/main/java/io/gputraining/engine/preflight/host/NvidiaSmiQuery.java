package io.gputraining.engine.preflight.host;

import java.nio.file.Path;
import java.util.List;

/**
 * The {@code nvidia-smi} queries a preflight asks, and their command lines. The field lists are the ones the
 * fixtures under {@code fixtures/gpu/} were captured with ({@code capture-gpu-fixtures.sh}), so those real
 * outputs are valid answers to exactly these questions.
 *
 * <p>{@code clocks_throttle_reasons.active} is asked under its old name on purpose: drivers before 535 only know
 * that name, and newer ones (580 included) still accept it but print the column as
 * {@code clocks_event_reasons.active}; the parser maps both to the same field.
 */
public final class NvidiaSmiQuery {

    /** Fields of {@code --query-gpu}, in the order asked (and printed without a header). */
    public static final List<String> GPU_FIELDS = List.of(
            "index", "name", "uuid", "pci.bus_id", "driver_version", "vbios_version",
            "memory.total", "memory.used", "memory.free",
            "temperature.gpu", "power.draw", "power.limit",
            "utilization.gpu", "utilization.memory",
            "ecc.mode.current", "ecc.errors.uncorrected.volatile.total", "ecc.errors.corrected.volatile.total",
            "retired_pages.pending", "mig.mode.current", "compute_cap",
            "pcie.link.gen.current", "pcie.link.width.current",
            "clocks_throttle_reasons.active",
            "persistence_mode", "compute_mode", "display_mode");

    /** Fields of {@code --query-compute-apps}, in the order asked. */
    public static final List<String> COMPUTE_APP_FIELDS = List.of("gpu_uuid", "pid", "process_name", "used_memory");

    private NvidiaSmiQuery() {
    }

    /** {@code nvidia-smi --query-gpu=… --format=csv}: one header line with units, then one line per GPU. */
    public static List<String> gpus(Path nvidiaSmi) {
        return List.of(nvidiaSmi.toString(), "--query-gpu=" + String.join(",", GPU_FIELDS), "--format=csv");
    }

    /** {@code nvidia-smi --query-compute-apps=… --format=csv}: a header, then one line per process (maybe none). */
    public static List<String> computeApps(Path nvidiaSmi) {
        return List.of(nvidiaSmi.toString(), "--query-compute-apps=" + String.join(",", COMPUTE_APP_FIELDS),
                "--format=csv");
    }

    /**
     * {@code nvidia-smi -q -x}: the full report as XML; read for what the CSV queries cannot give on every driver:
     * the CUDA version the driver supports ({@code cuda_version}) and row-remapping state per GPU.
     */
    public static List<String> fullReportXml(Path nvidiaSmi) {
        return List.of(nvidiaSmi.toString(), "-q", "-x");
    }
}
