package io.gputraining.engine.preflight.host;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The header of plain {@code nvidia-smi} output:
 * {@code | NVIDIA-SMI 580.159.04   Driver Version: 580.159.04   CUDA Version: 13.0 |}.
 *
 * @param driverVersion the driver, empty when the header is not there
 * @param cudaVersion   the highest CUDA version that driver supports, empty when not shown
 */
public record NvidiaSmiBanner(Optional<DriverVersion> driverVersion, Optional<CudaVersion> cudaVersion) {

    private static final Pattern DRIVER = Pattern.compile("Driver Version:\\s*(\\d+(?:\\.\\d+)*)");
    private static final Pattern CUDA = Pattern.compile("CUDA Version:\\s*(\\d+\\.\\d+)");

    /** Reads the header of plain {@code nvidia-smi} output; what it lacks is empty. */
    public static NvidiaSmiBanner parse(String output) {
        return new NvidiaSmiBanner(
                find(DRIVER, output).flatMap(v -> NvidiaSmiValue.parsed(v, DriverVersion::parse)),
                find(CUDA, output).flatMap(v -> NvidiaSmiValue.parsed(v, CudaVersion::parse)));
    }

    private static Optional<String> find(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text == null ? "" : text);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }
}
