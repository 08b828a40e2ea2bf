package io.gputraining.engine.preflight.probe;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.io.Serializable;
import java.util.List;

/**
 * An NCCL all-reduce across every visible GPU, one process each; each rank contributes {@code rank+1}
 * and checks that it gets {@code expectedSum}. Skipped with fewer than two GPUs. The timings of the
 * whole are those of the slowest rank.
 *
 * @param worldSize         number of ranks (GPUs)
 * @param backend           {@code "nccl"}
 * @param dtype             {@code "float32"}
 * @param elements          elements per rank
 * @param bytes             bytes per rank
 * @param iterations        timed all-reduces
 * @param expectedSum       what every element must add up to
 * @param ranks             each rank's own result
 * @param rendezvousMs      slowest rank's rendezvous
 * @param firstAllReduceMs  slowest rank's first all-reduce (with the communicator's set-up)
 * @param allReduceMs       slowest rank's mean timed all-reduce
 * @param algBandwidthGBps  bytes over {@code allReduceMs}
 * @param busBandwidthGBps  algorithm bandwidth × 2(n−1)/n, as nccl-tests reports it
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AllReduceCheck(CheckStatus status, String error, Double elapsedMs, Double timeoutSeconds,
                             Integer worldSize, String backend, String dtype, Long elements, Long bytes,
                             Integer iterations, Double expectedSum, List<AllReduceRank> ranks, Double rendezvousMs,
                             Double firstAllReduceMs, Double allReduceMs, Double algBandwidthGBps,
                             Double busBandwidthGBps) implements CheckResult, Serializable {

    public AllReduceCheck {
        status = CheckResult.orUnknown(status);
        ranks = ranks == null ? List.of() : List.copyOf(ranks);
    }
}
