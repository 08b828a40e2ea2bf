package io.gputraining.engine.preflight.probe;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.io.Serializable;

/**
 * A seeded fp32 matmul on one GPU (or on the CPU when there is none), compared with an fp64 CPU
 * reference. TF32 is turned off for the check; where it stays on ({@code TORCH_ALLOW_TF32_CUBLAS_OVERRIDE=1})
 * {@code tf32} is true and the looser tolerance applies.
 *
 * @param device        {@code "cuda:0"} or {@code "cpu"}
 * @param size          n of the n×n matmul
 * @param dtype         {@code "float32"}
 * @param seed          seed of the inputs
 * @param tf32          whether TF32 may have been used
 * @param tolerance     the bound on {@code relativeError}
 * @param relativeError Frobenius norm of the difference over that of the reference
 * @param maxAbsError   largest absolute difference of one element
 * @param firstRunMs    the first matmul, which pays for cuBLAS' start and module loading
 * @param bestRunMs     the fastest of the timed runs
 * @param runs          how many runs were timed after the first
 * @param gflops        {@code 2n³} over the best run
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record MatmulCheck(CheckStatus status, String error, Double elapsedMs, Double timeoutSeconds,
                          String device, Integer size, String dtype, Long seed, Boolean tf32, Double tolerance,
                          Double relativeError, Double maxAbsError, Double firstRunMs, Double bestRunMs,
                          Integer runs, Double gflops) implements CheckResult, Serializable {

    public MatmulCheck {
        status = CheckResult.orUnknown(status);
    }
}
