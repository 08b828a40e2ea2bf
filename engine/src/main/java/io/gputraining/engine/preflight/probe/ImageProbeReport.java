package io.gputraining.engine.preflight.probe;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.io.Serializable;
import java.util.List;

/**
 * What the in-image probe ({@code gpu_probe.py}) found: the one JSON document it prints, read by
 * {@link ProbeReportParser}. It states facts and per-check outcomes; judging them is not its job.
 *
 * @param schemaVersion the report's layout version ({@link ProbeReportParser#SCHEMA_VERSION})
 * @param startedAt     UTC start, e.g. {@code "2026-11-22T16:50:13Z"}
 * @param elapsedMs     the probe's whole run
 * @param error         set only when the probe itself could not finish (bad arguments, interrupted by
 *                      a signal, a bug of the probe); the checks then hold what was found until then
 * @param options       the settings it ran with; null when its arguments were rejected
 * @param python        the image's Python
 * @param platform      the kernel it ran on
 * @param environment   the variables that decide what torch sees
 * @param torch         {@code import torch} and torch's versions
 * @param cuda          CUDA's initialisation
 * @param devices       each visible GPU with its matmul check; empty without CUDA
 * @param cpuMatmul     the matmul on the CPU, run only when CUDA is not available
 * @param allReduce     the multi-GPU all-reduce
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ImageProbeReport(int schemaVersion, String startedAt, Double elapsedMs, String error,
                               ProbeOptions options, PythonRuntime python, OperatingSystem platform,
                               ProbeEnvironment environment, TorchProbe torch, CudaProbe cuda,
                               List<DeviceProbe> devices, MatmulCheck cpuMatmul, AllReduceCheck allReduce)
        implements Serializable {

    public ImageProbeReport {
        devices = devices == null ? List.of() : List.copyOf(devices);
    }
}
