package io.gputraining.engine.preflight.probe;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.io.Serializable;

/**
 * One GPU as torch sees it (its index counts the visible devices only), and its matmul check. The
 * status is that of the device query; the matmul has its own.
 *
 * @param index               torch's device index
 * @param name                e.g. {@code "NVIDIA H100 80GB HBM3"}
 * @param capability          compute capability, e.g. {@code "9.0"}
 * @param totalMemoryBytes    the device's memory
 * @param freeMemoryBytes     free memory from {@code torch.cuda.mem_get_info} after the probe's context was made
 * @param multiProcessorCount streaming multiprocessors
 * @param uuid                the GPU's UUID without nvidia-smi's {@code GPU-} prefix; null on old torch
 * @param pciBusId            e.g. {@code "0000:00:06.0"}; null on old torch
 * @param matmul              the matmul check on this device
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DeviceProbe(int index, CheckStatus status, String error, Double elapsedMs, Double timeoutSeconds,
                          String name, String capability, Long totalMemoryBytes, Long freeMemoryBytes,
                          Integer multiProcessorCount, String uuid, String pciBusId, MatmulCheck matmul)
        implements CheckResult, Serializable {

    public DeviceProbe {
        status = CheckResult.orUnknown(status);
    }
}
