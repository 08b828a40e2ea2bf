package io.gputraining.cli;

import io.gputraining.engine.LogSink;
import io.gputraining.engine.docker.DockerRuntime;
import io.gputraining.engine.gpu.GpuAllocator;
import io.gputraining.engine.image.ImageRequest;
import io.gputraining.engine.image.PreparedImage;
import io.gputraining.engine.launch.GpuContainerLaunch;
import io.gputraining.engine.launch.LaunchRequest;
import io.gputraining.engine.launch.PreparedLaunch;
import io.gputraining.engine.preflight.PreflightPolicy;
import io.gputraining.engine.preflight.host.HostGpuProbe;
import io.gputraining.engine.runtime.GpuRequest;
import io.gputraining.engine.runtime.HostUser;
import io.gputraining.engine.runtime.MemoryLimit;
import io.gputraining.engine.runtime.Mount;
import io.gputraining.engine.runtime.RunResult;
import io.gputraining.engine.steps.EnvironmentEntries;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code gpu-training run --image IMG [--gpus all] -- CMD...}: the command inside the pinned image with the
 * workspace mounted at the same path and the GPUs leased (and, with {@code --preflight}, checked) first, as
 * {@code withPytorchCuda} runs its body. Exits with the command's
 * exit code. Under {@code --json} the command's stdout goes to stderr, so stdout holds only the document.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run a command inside the pinned image, with GPUs and the workspace mounted.")
final class RunCommand implements Callable<Integer> {

    @Option(names = "--image", paramLabel = "REF", description = "Image, ideally pinned: name:tag@sha256:... (required; may come from GPU_TRAINING_IMAGE or the config file)")
    String image;

    @Option(names = "--require-pinned", description = "Refuse an image given without digest or image ID (prints the pin to use).")
    boolean requirePinned;

    @Option(names = "--runtime", defaultValue = "docker", description = "docker, or podman (rootful or rootless, through its"
            + " Docker-compatible socket). Default: ${DEFAULT-VALUE}")
    RuntimeChoice runtime;

    @Mixin
    PullOption pull = new PullOption();

    @Option(names = "--gpus", defaultValue = GpuRequest.DEFAULT, paramLabel = "WHICH", description = "all, none, a count, or ids (0,1 / GPU-uuid). Default: ${DEFAULT-VALUE}")
    String gpus;

    @Option(names = "--workspace", paramLabel = "DIR", description = "Directory mounted at the same path and used as working directory (default: current directory)")
    Path workspace;

    @Option(names = {"-e", "--env"}, paramLabel = "NAME[=VALUE]", description = "Environment for the command (repeatable); NAME alone passes"
            + " this environment's value, keeping secrets off the command line")
    List<String> env = List.of();

    @Option(names = "--network", defaultValue = "none", description = "none or host. Default: ${DEFAULT-VALUE}")
    String network;

    @Option(names = "--memory", paramLabel = "SIZE", defaultValue = "0",
            description = "Memory limit of the container, as docker run --memory takes it (512m, 8g); 0: none.")
    String memory;

    @Option(names = "--preflight", description = "Run the GPU preflight on the leased GPUs first (torch, CUDA, NCCL in the image).")
    boolean preflight;

    @Option(names = "--allow-cpu-fallback", description = "With --preflight: accept an image whose torch sees no CUDA.")
    boolean allowCpuFallback;

    @Option(names = "--gpu-wait-seconds", defaultValue = "" + GpuAllocator.DEFAULT_WAIT_SECONDS,
            description = "How long to wait for GPUs another run holds. Default: ${DEFAULT-VALUE}")
    long gpuWaitSeconds;

    @Option(names = "--gpu-lock-dir", defaultValue = GpuAllocator.DEFAULT_LOCK_DIRECTORY,
            description = "Where GPU leases are kept. Default: ${DEFAULT-VALUE}")
    Path gpuLockDir;

    @Option(names = "--owner", defaultValue = "cli", description = "Owner recorded on the container. Default: ${DEFAULT-VALUE}")
    String owner;

    @Mixin
    DockerOptions docker = new DockerOptions();

    @Mixin
    OutputOptions output = new OutputOptions();

    @Parameters(arity = "1..*", paramLabel = "CMD", description = "The command and its arguments (after --)")
    List<String> command;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        if (image == null) {
            throw new ParameterException(spec.commandLine(), "Missing required option: '--image=REF' (or set GPU_TRAINING_IMAGE,"
                    + " or image= in the configuration file)");
        }
        if (!runtime.containers()) {
            throw new ParameterException(spec.commandLine(), "gpu-training run starts a container: use --runtime docker or podman"
                    + " (the local runtime has no image to run in; run the command itself instead)");
        }
        Path ws = (workspace == null ? Path.of("") : workspace).toAbsolutePath().normalize();
        LaunchRequest request = LaunchRequest.builder()
                .image(ImageRequest.builder(image).requirePinned(requirePinned).pull(pull.policy()).build())
                .gpus(GpuRequest.parse(gpus))
                .preflight(preflight ? PreflightPolicy.builder().allowCpuFallback(allowCpuFallback).build() : null)
                .owner(owner)
                .user(HostUser.current())
                .gpuLockDirectory(gpuLockDir.toString())
                .gpuWait(Duration.ofSeconds(gpuWaitSeconds))
                .build();
        MemoryLimit memoryLimit = MemoryLimit.parse(memory);
        try (TerminalProgress progress = output.progress(); DockerRuntime daemon = DockerRuntime.connect(docker.endpoint(runtime))) {
            LogSink sink = output.sink(progress);
            RunResult result;
            PreparedImage prepared;
            try (PreparedLaunch launch = new GpuContainerLaunch(daemon, docker.images(daemon), HostGpuProbe.onPath(System.getenv("PATH")))
                    .prepare(request, sink, progress)) {
                prepared = launch.image();
                progress.close(); // the pull's final line before the command's output
                result = launch.run(launch.containerSpec()
                        .command(command)
                        .env(EnvironmentEntries.parse(env, System.getenv(), EnvironmentEntries.Source.PROCESS).variables())
                        .mount(Mount.samePath(ws.toString()))
                        .workingDir(ws.toString())
                        .networkMode(network)
                        .memoryBytes(memoryLimit.bytes())
                        .build(), sink);
            }
            if (result.oomKilled()) {
                sink.message("The command ran out of memory and was killed by the out-of-memory killer (exit " + result.exitCode() + ")"
                        + (memoryLimit.isNone() ? "." : " at the container's memory limit of " + memoryLimit + "."));
            }
            output.print(new JsonDocument("run").put("image", Map.of("requested", image, "pinned", prepared.pinned().toString(),
                            "imageId", prepared.imageId(), "local", prepared.isLocal(), "origin", prepared.origin().word()))
                    .put("oomKilled", result.oomKilled()), result.exitCode());
            return result.exitCode();
        }
    }
}
