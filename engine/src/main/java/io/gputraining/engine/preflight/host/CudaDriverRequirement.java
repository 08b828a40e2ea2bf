package io.gputraining.engine.preflight.host;

import java.util.Collections;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Which Linux x86_64 NVIDIA driver a CUDA release needs, and whether a host driver runs code built with it.
 *
 * <p>Sources (NVIDIA):
 * <ul>
 *   <li>CUDA Toolkit Release Notes, section "CUDA Driver", table "CUDA Toolkit and Corresponding Driver
 *       Versions", Linux x86_64 column, as published with CUDA 13.1
 *       (https://docs.nvidia.com/cuda/cuda-toolkit-release-notes/index.html#cuda-driver). One row per minor
 *       release: its GA row. Updates within a minor can need a slightly newer driver (12.4 Update 1: 550.54.15
 *       vs 12.4 GA: 550.54.14); {@code torch.version.cuda} has no update number, and the gap is covered by
 *       minor-version compatibility anyway, so the GA driver is the threshold between full and
 *       minor-version-compatible support. 11.0 is 11.0.2 GA (450.51.05), not the 11.0.1 RC.</li>
 *   <li>CUDA Compatibility guide, "Minor Version Compatibility"
 *       (https://docs.nvidia.com/deploy/cuda-compatibility/minor-version-compatibility.html): from CUDA 11 on,
 *       code built with any minor release of a major runs, with limits, on a driver of that major's family:
 *       11.x on >= 450.80.02 (the driver NVIDIA names for 11.x; 11.0 itself shipped with an older one), 12.x on
 *       >= 525.60.13 (12.0 GA's driver), 13.x on >= 580 (580.65.06, 13.0 GA's driver, the first of the branch).
 *       CUDA 10.x has no minor-version compatibility; its minimums come from that guide's table of 10.x.</li>
 * </ul>
 */
public final class CudaDriverRequirement {

    private static final NavigableMap<CudaVersion, DriverVersion> TOOLKIT_DRIVER = new TreeMap<>(Map.ofEntries(
            entry("10.0", "410.48"), entry("10.1", "418.39"), entry("10.2", "440.33"),
            entry("11.0", "450.51.05"), entry("11.1", "455.23"), entry("11.2", "460.27.03"),
            entry("11.3", "465.19.01"), entry("11.4", "470.42.01"), entry("11.5", "495.29.05"),
            entry("11.6", "510.39.01"), entry("11.7", "515.43.04"), entry("11.8", "520.61.05"),
            entry("12.0", "525.60.13"), entry("12.1", "530.30.02"), entry("12.2", "535.54.03"),
            entry("12.3", "545.23.06"), entry("12.4", "550.54.14"), entry("12.5", "555.42.02"),
            entry("12.6", "560.28.03"), entry("12.8", "570.26"), entry("12.9", "575.51.03"),
            entry("13.0", "580.65.06"), entry("13.1", "590.44.01")));

    private static final Map<Integer, DriverVersion> MINOR_VERSION_COMPATIBILITY = Map.of(
            11, DriverVersion.parse("450.80.02"),
            12, DriverVersion.parse("525.60.13"),
            13, DriverVersion.parse("580.65.06"));

    private CudaDriverRequirement() {
    }

    /** The driver a CUDA minor release needs for full support, e.g. 550.54.14 for 12.4; empty when not tabled. */
    public static Optional<DriverVersion> toolkitDriverMinimum(CudaVersion cuda) {
        return Optional.ofNullable(TOOLKIT_DRIVER.get(cuda));
    }

    /** The lowest driver running any release of a CUDA major through minor-version compatibility (11 and up). */
    public static Optional<DriverVersion> minorVersionCompatibilityMinimum(int cudaMajor) {
        return Optional.ofNullable(MINOR_VERSION_COMPATIBILITY.get(cudaMajor));
    }

    /** The whole toolkit-driver table, oldest release first. */
    public static NavigableMap<CudaVersion, DriverVersion> toolkitDriverTable() {
        return Collections.unmodifiableNavigableMap(TOOLKIT_DRIVER);
    }

    /**
     * Whether code built for {@code torchCuda} ({@code torch.version.cuda}, e.g. {@code "12.4"}) runs on the host
     * driver ({@code "580.159.04"}).
     *
     * @throws InvalidVersionException when either string is not a version
     */
    public static DriverCompatibility check(String torchCuda, String hostDriver) {
        return check(CudaVersion.parse(torchCuda), DriverVersion.parse(hostDriver));
    }

    /** Whether code built for {@code cuda} runs on {@code driver}. */
    public static DriverCompatibility check(CudaVersion cuda, DriverVersion driver) {
        Optional<DriverVersion> full = toolkitDriverMinimum(cuda);
        Optional<DriverVersion> minor = minorVersionCompatibilityMinimum(cuda.major());
        Optional<DriverVersion> nextFamily = minorVersionCompatibilityMinimum(cuda.major() + 1);
        if (full.isPresent() && driver.isAtLeast(full.get())) {
            return answer(DriverCompatibility.Support.FULL, cuda, driver, full, minor,
                    "CUDA " + cuda + " needs driver >= " + full.get() + "; the host has " + driver + ".");
        }
        if (nextFamily.isPresent() && driver.isAtLeast(nextFamily.get())) {
            // A driver of a newer CUDA family runs every release of older ones (backward compatibility).
            return answer(DriverCompatibility.Support.FULL, cuda, driver, full, minor,
                    "The host driver " + driver + " supports CUDA " + (cuda.major() + 1)
                            + ".x and so every CUDA " + cuda.major() + ".x release, " + cuda + " included.");
        }
        if (full.isEmpty() && minor.isEmpty()) {
            return answer(DriverCompatibility.Support.UNKNOWN_CUDA_VERSION, cuda, driver, full, minor,
                    "CUDA " + cuda + " is not in this preflight's driver table (CUDA " + TOOLKIT_DRIVER.firstKey()
                            + " to " + TOOLKIT_DRIVER.lastKey() + "): see NVIDIA's CUDA release notes for the"
                            + " driver it needs; the host has " + driver + ".");
        }
        String fullFix = full.map(d -> "install driver >= " + d + " for full support")
                .orElse("NVIDIA's CUDA " + cuda + " release notes name the driver for full support (this table"
                        + " ends at " + TOOLKIT_DRIVER.lastKey() + ")");
        if (minor.isPresent() && driver.isAtLeast(minor.get())) {
            return answer(DriverCompatibility.Support.MINOR_VERSION_COMPATIBILITY, cuda, driver, full, minor,
                    full.map(d -> "The host driver " + driver + " is older than CUDA " + cuda + "'s own driver ("
                                    + d + "), so CUDA " + cuda + " code runs only")
                            .orElseGet(() -> "CUDA " + cuda + "'s own driver is not known here, so CUDA " + cuda
                                    + " code is only known to run on the host driver " + driver)
                            + " through minor-version compatibility (driver >= " + minor.get() + " for CUDA "
                            + cuda.major() + ".x): PTX newer than the driver cannot be JIT-compiled, so kernels"
                            + " shipped only as PTX fail (CUDA_ERROR_UNSUPPORTED_PTX_VERSION), and newer CUDA"
                            + " features are missing; " + fullFix + ".");
        }
        String needed = full.map(d -> "install driver >= " + d + minor.map(m -> " (>= " + m + " runs it through"
                        + " minor-version compatibility, with limits)").orElse(""))
                .orElseGet(() -> "install driver >= " + minor.orElseThrow() + " at least (CUDA " + cuda.major()
                        + ".x minor-version compatibility); " + fullFix);
        return answer(DriverCompatibility.Support.UNSUPPORTED, cuda, driver, full, minor,
                "The host driver " + driver + " is too old for CUDA " + cuda + ": " + needed + ".");
    }

    private static DriverCompatibility answer(DriverCompatibility.Support support, CudaVersion cuda,
                                              DriverVersion driver, Optional<DriverVersion> full,
                                              Optional<DriverVersion> minor, String explanation) {
        return new DriverCompatibility(support, cuda, driver, full, minor, explanation);
    }

    private static Map.Entry<CudaVersion, DriverVersion> entry(String cuda, String driver) {
        return Map.entry(CudaVersion.parse(cuda), DriverVersion.parse(driver));
    }
}
