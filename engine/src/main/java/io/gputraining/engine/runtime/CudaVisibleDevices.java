package io.gputraining.engine.runtime;

import java.util.Optional;

/**
 * Turns a {@link GpuRequest} into the {@code CUDA_VISIBLE_DEVICES} value a host process gets, which is the
 * only way to limit the GPUs a process sees without a container.
 *
 * <ul>
 *   <li>none: the empty string, so CUDA (and {@code torch.cuda.is_available()}) sees no GPU;</li>
 *   <li>all: no value; the variable stays as the host environment has it;</li>
 *   <li>device ids: the ids, comma-separated, as given (indexes or UUIDs);</li>
 *   <li>a count: refused. A count says how many, not which: on a shared host "the first N" would hand the
 *       same GPUs to every job. A lease ({@code GpuAllocator}) turns a count into device ids first.</li>
 * </ul>
 */
final class CudaVisibleDevices {

    static final String VARIABLE = "CUDA_VISIBLE_DEVICES";

    private CudaVisibleDevices() {
    }

    /**
     * The value to set, or empty to leave the variable as it is.
     *
     * @throws LocalSettingRefusedException for a count
     */
    static Optional<String> valueFor(GpuRequest gpus) {
        if (!gpus.deviceIds().isEmpty()) {
            return Optional.of(String.join(",", gpus.deviceIds()));
        }
        if (gpus.wantsAll()) {
            return Optional.empty();
        }
        if (gpus.wantsNone()) {
            return Optional.of("");
        }
        throw new LocalSettingRefusedException("The local runtime cannot run with GPU request '" + gpus
                + "': a count does not say which GPUs, and without a container the host cannot pick free ones. "
                + "Lease GPUs first (GpuAllocator turns a count into device ids) or give device ids such as 0,1.");
    }
}
