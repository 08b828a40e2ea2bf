package io.gputraining.engine.preflight.host;

import java.io.Serializable;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether a host driver can run code built with a CUDA version (e.g. a PyTorch wheel built for CUDA 12.4), as
 * {@link CudaDriverRequirement#check} answers it.
 *
 * @param support                   the answer
 * @param cuda                      the CUDA version asked about
 * @param driver                    the host driver asked about
 * @param toolkitDriverMinimum      the driver that CUDA release requires for full support (NVIDIA's "Toolkit
 *                                  Driver Version"), the one to print in a fix; empty when this table does not
 *                                  know the release
 * @param minorVersionCompatibility the lowest driver that runs it through minor-version compatibility (CUDA 11
 *                                  and later); empty for releases without it
 * @param explanation               one or two sentences for a report: what holds and, when not fully
 *                                  supported, which driver to install
 */
public record DriverCompatibility(Support support, CudaVersion cuda, DriverVersion driver,
                                  Optional<DriverVersion> toolkitDriverMinimum,
                                  Optional<DriverVersion> minorVersionCompatibility,
                                  String explanation) implements Serializable {

    /** The possible answers. */
    public enum Support {
        /** The driver is at least the release's own toolkit driver: everything works. */
        FULL,
        /**
         * The driver is older than the release's toolkit driver but of the same CUDA major family, so code runs
         * through minor-version compatibility, with limits: PTX newer than the driver cannot be JIT-compiled
         * (CUDA_ERROR_UNSUPPORTED_PTX_VERSION), so kernels shipped only as PTX, e.g. for a GPU newer than the
         * build's native targets, fail; features added after the driver's release are unavailable.
         */
        MINOR_VERSION_COMPATIBILITY,
        /** The driver is too old: CUDA initialisation fails ("driver version is insufficient"). */
        UNSUPPORTED,
        /** The CUDA version is not in this table (older than 10.0 or newer than the last tabled major). */
        UNKNOWN_CUDA_VERSION
    }

    public DriverCompatibility {
        Objects.requireNonNull(support, "support");
        Objects.requireNonNull(cuda, "cuda");
        Objects.requireNonNull(driver, "driver");
        Objects.requireNonNull(toolkitDriverMinimum, "toolkitDriverMinimum");
        Objects.requireNonNull(minorVersionCompatibility, "minorVersionCompatibility");
        Objects.requireNonNull(explanation, "explanation");
    }

    /** Whether code built for {@link #cuda()} starts at all on this driver (fully or with limits). */
    public boolean runs() {
        return support == Support.FULL || support == Support.MINOR_VERSION_COMPATIBILITY;
    }

    private Object writeReplace() {
        return RecordSerialForm.of(this);
    }
}
