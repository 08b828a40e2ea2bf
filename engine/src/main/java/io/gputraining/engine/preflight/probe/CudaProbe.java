package io.gputraining.engine.preflight.probe;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.io.Serializable;
import java.util.List;

/**
 * CUDA's initialisation through torch. OK only when CUDA is available with at least one device; when
 * it is not, the status is {@link CheckStatus#FAILED} and the error says why, in torch's words
 * ({@code "RuntimeError: No CUDA GPUs are available"}, {@code "AssertionError: Torch not compiled with
 * CUDA enabled"}, ...).
 *
 * @param available         {@code torch.cuda.is_available()}
 * @param deviceCount       {@code torch.cuda.device_count()} (0 when not available)
 * @param archList          {@code torch.cuda.get_arch_list()}, e.g. {@code ["sm_80", "sm_90"]}
 * @param driverCudaVersion the newest CUDA the driver supports, e.g. {@code "13.0"}; null without libcuda
 * @param warnings          warnings torch raised meanwhile (e.g. a driver too old for this torch)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CudaProbe(CheckStatus status, String error, Double elapsedMs, Double timeoutSeconds,
                        Boolean available, Integer deviceCount, List<String> archList, String driverCudaVersion,
                        List<String> warnings) implements CheckResult, Serializable {

    public CudaProbe {
        status = CheckResult.orUnknown(status);
        archList = archList == null ? List.of() : List.copyOf(archList);
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }
}
