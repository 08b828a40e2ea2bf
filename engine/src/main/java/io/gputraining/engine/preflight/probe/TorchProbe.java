package io.gputraining.engine.preflight.probe;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.io.Serializable;

/**
 * {@code import torch} and what torch says about itself. When the import failed only the check fields
 * are set: status {@link CheckStatus#MISSING} (no torch module), {@link CheckStatus#FAILED} (e.g. a
 * missing shared library) or {@link CheckStatus#TIMEOUT}.
 *
 * @param version                e.g. {@code "2.11.0+cu130"}
 * @param path                   the torch package's folder
 * @param cuda                   {@code torch.version.cuda}, e.g. {@code "13.0"}; null for a CPU build
 * @param hip                    {@code torch.version.hip}; null unless a ROCm build
 * @param cudnn                  cuDNN's version, e.g. {@code "9.19.0"}; null without cuDNN
 * @param cudnnVersionCode       cuDNN's version as torch reports it, e.g. {@code 91900}
 * @param nccl                   NCCL's version, e.g. {@code "2.28.9"}; null for a CPU build
 * @param distributedAvailable   {@code torch.distributed.is_available()}
 * @param ncclAvailable          {@code torch.distributed.is_nccl_available()}
 * @param float32MatmulPrecision {@code torch.get_float32_matmul_precision()}, e.g. {@code "highest"}
 * @param matmulFp32Precision    {@code torch.backends.cuda.matmul.fp32_precision} (torch 2.9+), else null
 * @param tf32MatmulAllowed      whether fp32 matmuls may use TF32 by default in this image
 * @param tf32CublasOverride     whether {@code TORCH_ALLOW_TF32_CUBLAS_OVERRIDE=1} forces TF32 on
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TorchProbe(CheckStatus status, String error, Double elapsedMs, Double timeoutSeconds,
                         String version, String path, String cuda, String hip, String cudnn, Integer cudnnVersionCode,
                         String nccl, Boolean distributedAvailable, Boolean ncclAvailable,
                         String float32MatmulPrecision, String matmulFp32Precision, Boolean tf32MatmulAllowed,
                         Boolean tf32CublasOverride) implements CheckResult, Serializable {

    public TorchProbe {
        status = CheckResult.orUnknown(status);
    }
}
