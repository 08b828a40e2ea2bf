package io.gputraining.cli;

import io.gputraining.engine.docker.DockerImages;
import io.gputraining.engine.gpu.GpuAllocator;
import io.gputraining.engine.launch.GpuContainerLaunch;
import io.gputraining.engine.preflight.HealthCheckRequest;
import io.gputraining.engine.preflight.PreflightPolicy;
import io.gputraining.engine.preflight.PreflightReport;
import io.gputraining.engine.preflight.PreflightReportJson;
import io.gputraining.engine.preflight.Verdict;
import io.gputraining.engine.preflight.host.HostGpuProbe;
import io.gputraining.engine.runtime.ContainerRuntime;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code gpu-training health}: the preflight of {@code gpuHealthCheck} from a terminal, on GPUs it leases first (the
 * matmul and all-reduce load them), waiting for those other runs hold or, with {@code --idle-gpus-only}, leaving them out. Prints the summary
 * table (stderr); exits {@link ExitCodes#PREFLIGHT_FAILED} on FAIL. With {@code --json} the report is the JSON
 * document's {@code report}; {@code --report FILE} writes it with its raw evidence.
 */
@Command(name = "health", mixinStandardHelpOptions = true,
        description = "Check GPUs, driver, container runtime and, inside the pinned image, torch/CUDA/cuDNN/NCCL.")
final class HealthCommand implements Callable<Integer> {

    @Mixin
    ImageOptions target = new ImageOptions();

    @Option(names = "--min-gpus", defaultValue = "1", description = "Fail with fewer GPUs. Default: ${DEFAULT-VALUE}")
    int minGpus;

    @Option(names = "--allow-cpu-fallback", description = "Do not fail when torch sees no CUDA (CPU training intended).")
    boolean allowCpuFallback;

    @Option(names = "--min-free-memory-mib", defaultValue = "0", description = "Fail when a GPU has less free memory.")
    long minFreeMemoryMiB;

    @Option(names = "--max-temperature", defaultValue = "0", description = "Fail above this GPU temperature (C); 0: no check.")
    int maxTemperatureC;

    @Option(names = "--require-idle", description = "Fail when other processes use the GPUs.")
    boolean requireIdle;

    @Option(names = "--allow-mig", description = "Accept GPUs in MIG mode.")
    boolean allowMig;

    @Option(names = "--skip-allreduce", description = "Leave out the multi-GPU NCCL all-reduce.")
    boolean skipAllReduce;

    @Option(names = "--python", defaultValue = "python3", description = "Interpreter in the image. Default: ${DEFAULT-VALUE}")
    String python;

    @Option(names = "--gpu-wait-seconds", defaultValue = "" + GpuAllocator.DEFAULT_WAIT_SECONDS,
            description = "How long to wait for GPUs another run holds. Default: ${DEFAULT-VALUE}")
    long gpuWaitSeconds;

    @Option(names = "--gpu-lock-dir", defaultValue = GpuAllocator.DEFAULT_LOCK_DIRECTORY,
            description = "Where GPU leases are kept (the same for everything on the host). Default: ${DEFAULT-VALUE}")
    Path gpuLockDir;

    @Option(names = "--idle-gpus-only", description = "Check only the GPUs no other run holds now, without waiting for the others.")
    boolean idleGpusOnly;

    @Option(names = "--report", paramLabel = "FILE", description = "Also write the report, with its evidence, to FILE as JSON.")
    Path reportFile;

    @Mixin
    OutputOptions output = new OutputOptions();

    @Override
    public Integer call() throws Exception {
        PreflightPolicy policy = PreflightPolicy.builder()
                .minGpus(minGpus).allowCpuFallback(allowCpuFallback).minFreeMemoryMiB(minFreeMemoryMiB)
                .maxTemperatureC(maxTemperatureC).requireIdle(requireIdle).allowMig(allowMig)
                .skipAllReduce(skipAllReduce).build();
        HealthCheckRequest request = HealthCheckRequest.builder().image(target.imageRequest()).gpus(target.gpuRequest()).owner("cli")
                .policy(policy).python(python).user(target.user())
                .gpuLockDirectory(gpuLockDir.toString()).gpuWait(Duration.ofSeconds(gpuWaitSeconds)).idleGpusOnly(idleGpusOnly).build();
        try (TerminalProgress progress = output.progress(); ContainerRuntime rt = target.openRuntime()) {
            DockerImages images = target.docker.images(rt);
            PreflightReport report = new GpuContainerLaunch(rt, images, HostGpuProbe.onPath(System.getenv("PATH")))
                    .check(request, output.sink(progress), progress);
            String json = new PreflightReportJson().write(report);
            if (reportFile != null) {
                Files.writeString(reportFile, json);
            }
            int code = report.overall() == Verdict.Level.FAIL ? ExitCodes.PREFLIGHT_FAILED : ExitCodes.OK;
            output.print(new JsonDocument("health").putJson("report", json.getBytes(StandardCharsets.UTF_8)), code);
            return code;
        }
    }
}
