package io.gputraining.cli;

import io.gputraining.engine.ProgressListener;
import io.gputraining.engine.docker.DockerImages;
import io.gputraining.engine.docker.DockerRuntime;
import io.gputraining.engine.image.ImageRef;
import io.gputraining.engine.image.ImageRequest;
import io.gputraining.engine.image.ManifestDigestResolver;
import io.gputraining.engine.preflight.GpuHealthCheck;
import io.gputraining.engine.preflight.HealthCheckRequest;
import io.gputraining.engine.preflight.PreflightPolicy;
import io.gputraining.engine.preflight.PreflightReport;
import io.gputraining.engine.preflight.PreflightReportJson;
import io.gputraining.engine.preflight.Verdict;
import io.gputraining.engine.preflight.host.HostGpuProbe;
import io.gputraining.engine.runtime.ContainerRuntime;
import io.gputraining.engine.runtime.GpuRequest;
import io.gputraining.engine.runtime.HostUser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code gpu-training health}: the preflight of {@code gpuHealthCheck} from a terminal. Prints the summary
 * table; exits {@link ExitCodes#PREFLIGHT_FAILED} on FAIL.
 */
@Command(name = "health", mixinStandardHelpOptions = true,
        description = "Check GPUs, driver, container runtime and, inside the pinned image, torch/CUDA/cuDNN/NCCL.")
final class HealthCommand implements Callable<Integer> {

    @Option(names = "--image", paramLabel = "REF", description = "Image to check inside (required with --runtime docker)")
    String image;

    @Option(names = "--require-pinned", description = "Refuse an image given without digest.")
    boolean requirePinned;

    @Option(names = "--runtime", defaultValue = "docker", description = "docker, or local (this host is the image). Default: ${DEFAULT-VALUE}")
    RuntimeChoice runtime;

    @Option(names = "--gpus", defaultValue = "all", description = "all, none, a count, or ids. Default: ${DEFAULT-VALUE}")
    String gpus;

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

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the report (with its evidence) as JSON.")
    Path json;

    @Mixin
    DockerOptions docker = new DockerOptions();

    @Override
    public Integer call() throws Exception {
        ConsoleSink sink = new ConsoleSink(System.out, System.err);
        PreflightPolicy policy = PreflightPolicy.defaults()
                .withMinGpus(minGpus).withAllowCpuFallback(allowCpuFallback).withMinFreeMemoryMiB(minFreeMemoryMiB)
                .withMaxTemperatureC(maxTemperatureC).withRequireIdle(requireIdle).withAllowMig(allowMig)
                .withAllReduceRequired(!skipAllReduce);
        ImageRequest imageRequest = image == null ? null : new ImageRequest(ImageRef.parse(image), requirePinned, null);
        HealthCheckRequest request = HealthCheckRequest.of(imageRequest, GpuRequest.parse(gpus), "cli")
                .withPolicy(policy).withPython(python)
                .withUser(runtime == RuntimeChoice.DOCKER ? HostUser.current() : null);
        try (ContainerRuntime rt = runtime.open(docker)) {
            DockerImages images = rt instanceof DockerRuntime d ? new DockerImages(d.client(), ManifestDigestResolver.withDefaults()) : null;
            PreflightReport report = new GpuHealthCheck(rt, images, HostGpuProbe.onPath(System.getenv("PATH")))
                    .run(request, sink, ProgressListener.ignoring());
            if (json != null) {
                Files.writeString(json, new PreflightReportJson().write(report));
            }
            return report.overall() == Verdict.Level.FAIL ? ExitCodes.PREFLIGHT_FAILED : ExitCodes.OK;
        }
    }
}
