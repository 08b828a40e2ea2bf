package io.gputraining.engine.preflight.probe;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.Serializable;

/**
 * Environment variables inside the container that decide what torch sees. Null means unset, which is
 * not the same as empty: {@code CUDA_VISIBLE_DEVICES=""} hides every GPU.
 *
 * @param cudaVisibleDevices  {@code CUDA_VISIBLE_DEVICES} as the probe saw it
 * @param nvidiaVisibleDevices {@code NVIDIA_VISIBLE_DEVICES}, set by the NVIDIA container runtime
 * @param tf32CublasOverride  {@code TORCH_ALLOW_TF32_CUBLAS_OVERRIDE}; "1" forces TF32 on for fp32 matmuls
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ProbeEnvironment(
        @JsonProperty("CUDA_VISIBLE_DEVICES") String cudaVisibleDevices,
        @JsonProperty("NVIDIA_VISIBLE_DEVICES") String nvidiaVisibleDevices,
        @JsonProperty("TORCH_ALLOW_TF32_CUBLAS_OVERRIDE") String tf32CublasOverride) implements Serializable {
}
