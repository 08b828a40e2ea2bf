package io.gputraining.engine.preflight.host;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Reads {@code nvidia-smi --query-gpu=}{@link NvidiaSmiQuery#GPU_FIELDS} output, with or without header and
 * units, into {@link GpuInfo}s. A line without a readable index, UUID and name is kept as an unparsed line
 * instead: without them the GPU cannot be named to the user or to Docker.
 */
public final class GpuQueryParser {

    private GpuQueryParser() {
    }

    /** Parses {@code --format=csv}, {@code csv,noheader} or {@code csv,noheader,nounits} output. */
    public static ParsedRows<GpuInfo> parse(String csv) {
        NvidiaSmiCsv.Table table = NvidiaSmiCsv.read(csv, NvidiaSmiQuery.GPU_FIELDS, "uuid", null);
        List<GpuInfo> gpus = new ArrayList<>();
        List<String> unparsed = new ArrayList<>(table.unparsedLines());
        for (NvidiaSmiCsv.Row row : table.rows()) {
            gpu(row).ifPresentOrElse(gpus::add, () -> unparsed.add(row.line()));
        }
        return new ParsedRows<>(gpus, unparsed);
    }

    private static Optional<GpuInfo> gpu(NvidiaSmiCsv.Row row) {
        OptionalInt index = NvidiaSmiValue.smallNumber(raw(row, "index"));
        Optional<String> uuid = NvidiaSmiValue.text(raw(row, "uuid"));
        Optional<String> name = NvidiaSmiValue.text(raw(row, "name"));
        if (index.isEmpty() || index.getAsInt() < 0 || uuid.isEmpty() || name.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new GpuInfo(
                index.getAsInt(), uuid.get(), name.get(),
                NvidiaSmiValue.text(raw(row, "pci.bus_id")),
                NvidiaSmiValue.parsed(raw(row, "driver_version"), DriverVersion::parse),
                NvidiaSmiValue.text(raw(row, "vbios_version")),
                NvidiaSmiValue.wholeNumber(raw(row, "memory.total")),
                NvidiaSmiValue.wholeNumber(raw(row, "memory.used")),
                NvidiaSmiValue.wholeNumber(raw(row, "memory.free")),
                NvidiaSmiValue.smallNumber(raw(row, "temperature.gpu")),
                NvidiaSmiValue.decimal(raw(row, "power.draw")),
                NvidiaSmiValue.decimal(raw(row, "power.limit")),
                NvidiaSmiValue.smallNumber(raw(row, "utilization.gpu")),
                NvidiaSmiValue.smallNumber(raw(row, "utilization.memory")),
                NvidiaSmiValue.flag(raw(row, "ecc.mode.current")),
                NvidiaSmiValue.wholeNumber(raw(row, "ecc.errors.uncorrected.volatile.total")),
                NvidiaSmiValue.wholeNumber(raw(row, "ecc.errors.corrected.volatile.total")),
                NvidiaSmiValue.flag(raw(row, "retired_pages.pending")),
                Optional.empty(),
                Optional.empty(),
                NvidiaSmiValue.flag(raw(row, "mig.mode.current")),
                NvidiaSmiValue.parsed(raw(row, "compute_cap"), ComputeCapability::parse),
                NvidiaSmiValue.smallNumber(raw(row, "pcie.link.gen.current")),
                NvidiaSmiValue.smallNumber(raw(row, "pcie.link.width.current")),
                NvidiaSmiValue.bitMask(raw(row, "clocks_throttle_reasons.active")),
                NvidiaSmiValue.flag(raw(row, "persistence_mode")),
                NvidiaSmiValue.text(raw(row, "compute_mode")).flatMap(ComputeMode::fromPrinted),
                NvidiaSmiValue.flag(raw(row, "display_mode"))));
    }

    private static String raw(NvidiaSmiCsv.Row row, String field) {
        return row.raw(field).orElse(null);
    }
}
