package io.gputraining.engine.preflight.probe;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.io.Serializable;

/**
 * One process of the all-reduce, on the GPU of the same index.
 *
 * @param rank             the rank, which is also its device index
 * @param importMs         how long its {@code import torch} took
 * @param rendezvousMs     {@code init_process_group} over env:// on 127.0.0.1
 * @param firstAllReduceMs the verified all-reduce, which also sets up the NCCL communicator
 * @param allReduceMs      mean of the timed all-reduces
 * @param maxAbsError      largest difference from the expected sum (0 when right)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AllReduceRank(int rank, CheckStatus status, String error, Double elapsedMs, Double timeoutSeconds,
                            Double importMs, Double rendezvousMs, Double firstAllReduceMs, Double allReduceMs,
                            Double maxAbsError) implements CheckResult, Serializable {

    public AllReduceRank {
        status = CheckResult.orUnknown(status);
    }
}
