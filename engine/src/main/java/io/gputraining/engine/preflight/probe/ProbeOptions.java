package io.gputraining.engine.preflight.probe;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.gputraining.engine.EngineException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The probe's settings: the deadlines of its checks and the sizes of its workloads. The probe echoes
 * them in its report, and {@link #toArguments()} turns them into its command line.
 *
 * @param importTimeoutSeconds    deadline of {@code import torch} (also for each all-reduce rank)
 * @param cudaTimeoutSeconds      deadline of CUDA's initialisation and of each device's query
 * @param matmulTimeoutSeconds    deadline of each matmul check
 * @param allReduceTimeoutSeconds deadline of the all-reduce, once every rank has imported torch
 * @param matmulSize              n of the n×n fp32 matmul
 * @param matmulRuns              timed runs after the first (the first pays for cuBLAS' start)
 * @param seed                    seed of the matmul's inputs
 * @param allReduceElements       float32 elements each rank contributes
 * @param allReduceIterations     timed all-reduces after the verified one
 * @param skipAllReduce           whether to leave out the multi-GPU all-reduce
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ProbeOptions(double importTimeoutSeconds, double cudaTimeoutSeconds, double matmulTimeoutSeconds,
                           double allReduceTimeoutSeconds, int matmulSize, int matmulRuns, long seed,
                           long allReduceElements, int allReduceIterations, boolean skipAllReduce)
        implements Serializable {

    public ProbeOptions {
        if (!(importTimeoutSeconds > 0 && cudaTimeoutSeconds > 0 && matmulTimeoutSeconds > 0
                && allReduceTimeoutSeconds > 0)) {
            throw new EngineException("Probe timeouts must be greater than 0 seconds (import " + importTimeoutSeconds
                    + ", cuda " + cudaTimeoutSeconds + ", matmul " + matmulTimeoutSeconds + ", all-reduce "
                    + allReduceTimeoutSeconds + "); give each a positive number of seconds.");
        }
        if (matmulSize <= 0 || matmulRuns <= 0 || allReduceElements <= 0 || allReduceIterations <= 0) {
            throw new EngineException("Probe workload sizes must be at least 1 (matmul size " + matmulSize
                    + ", runs " + matmulRuns + ", all-reduce elements " + allReduceElements + ", iterations "
                    + allReduceIterations + ").");
        }
    }

    /** The probe script's own defaults. */
    public static ProbeOptions defaults() {
        return new ProbeOptions(180, 60, 60, 120, 1024, 3, 1234, 16L * 1024 * 1024, 5, false);
    }

    public ProbeOptions withoutAllReduce() {
        return new ProbeOptions(importTimeoutSeconds, cudaTimeoutSeconds, matmulTimeoutSeconds,
                allReduceTimeoutSeconds, matmulSize, matmulRuns, seed, allReduceElements, allReduceIterations, true);
    }

    /** The options as the probe's arguments, e.g. {@code --matmul-size 1024}. */
    public List<String> toArguments() {
        List<String> args = new ArrayList<>(List.of(
                "--import-timeout", Double.toString(importTimeoutSeconds),
                "--cuda-timeout", Double.toString(cudaTimeoutSeconds),
                "--matmul-timeout", Double.toString(matmulTimeoutSeconds),
                "--allreduce-timeout", Double.toString(allReduceTimeoutSeconds),
                "--matmul-size", Integer.toString(matmulSize),
                "--matmul-runs", Integer.toString(matmulRuns),
                "--seed", Long.toString(seed),
                "--allreduce-elements", Long.toString(allReduceElements),
                "--allreduce-iterations", Integer.toString(allReduceIterations)));
        if (skipAllReduce) {
            args.add("--skip-allreduce");
        }
        return List.copyOf(args);
    }
}
