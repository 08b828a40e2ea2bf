package io.gputraining.cli;

import io.gputraining.engine.docker.DockerImages;
import io.gputraining.engine.gpu.GpuAllocator;
import io.gputraining.engine.image.RegistryAuth;
import io.gputraining.engine.preflight.PreflightPolicy;
import io.gputraining.engine.preflight.host.HostGpuProbe;
import io.gputraining.engine.registry.ModelRegistries;
import io.gputraining.engine.registry.ModelRegistryConfig;
import io.gputraining.engine.runtime.ContainerRuntime;
import io.gputraining.engine.runtime.MemoryLimit;
import io.gputraining.engine.steps.EnvironmentEntries;
import io.gputraining.engine.train.TrainingFlow;
import io.gputraining.engine.train.TrainingRequest;
import io.gputraining.engine.train.TrainingResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code gpu-training train}: the {@code trainAndRegister} flow from a terminal — pinned image, GPU lease,
 * preflight, training, artifacts, run manifest, registration. Prints the version and where it is.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train in the pinned image and register the model version with its lineage.")
final class TrainCommand implements Callable<Integer> {

    @Mixin
    ImageOptions target = new ImageOptions();

    @Option(names = "--model", required = true, description = "Registered model name")
    String model;

    @Option(names = "--alias", description = "Alias to point at the new version")
    String alias;

    @Option(names = "--registry", defaultValue = "local:${sys:user.home}/.gpu-training/registry",
            description = "local:DIR, mlflow:URL or oci:HOST/REPO. Default: ${DEFAULT-VALUE}")
    String registry;

    @Option(names = "--registry-user", description = "User for the model registry (password from --registry-password-env)")
    String registryUser;

    @Option(names = "--registry-password-env", paramLabel = "VAR", description = "Environment variable holding the registry password")
    String registryPasswordEnv;

    @Option(names = "--registry-token-env", paramLabel = "VAR", description = "Environment variable holding a registry bearer token")
    String registryTokenEnv;

    @Mixin
    UploadVerificationOption verification = new UploadVerificationOption();

    @Option(names = "--artifacts", defaultValue = TrainingRequest.DEFAULT_ARTIFACTS, split = ",", description = "Globs, relative to the output directory. Default: ${DEFAULT-VALUE}")
    List<String> artifacts;

    @Option(names = "--workspace", description = "Workspace mounted at the same path (default: current directory)")
    Path workspace;

    @Option(names = "--output-dir", defaultValue = TrainingRequest.DEFAULT_OUTPUT_DIR, description = "Output directory in the workspace. Default: ${DEFAULT-VALUE}")
    String outputDir;

    @Option(names = {"-e", "--env"}, paramLabel = "NAME[=VALUE]", description = "Environment for the training (repeatable); NAME alone passes"
            + " this environment's value, keeping secrets off the command line")
    List<String> env = List.of();

    @Option(names = "--no-preflight", description = "Skip the GPU preflight.")
    boolean noPreflight;

    @Option(names = "--allow-cpu-fallback", description = "Train on the CPU when torch sees no CUDA.")
    boolean allowCpuFallback;

    @Option(names = "--timeout-minutes", defaultValue = "0", description = "Stop the training after this long; 0: no limit.")
    long timeoutMinutes;

    @Option(names = "--memory", paramLabel = "SIZE", defaultValue = "0",
            description = "Memory limit of the training container, as docker run --memory takes it (512m, 8g); 0: none.")
    String memory;

    @Option(names = "--gpu-wait-seconds", defaultValue = "" + GpuAllocator.DEFAULT_WAIT_SECONDS,
            description = "How long to wait for busy GPUs. Default: ${DEFAULT-VALUE}")
    long gpuWaitSeconds;

    @Option(names = "--gpu-lock-dir", defaultValue = GpuAllocator.DEFAULT_LOCK_DIRECTORY,
            description = "Where GPU leases are kept. Default: ${DEFAULT-VALUE}")
    Path gpuLockDir;

    @Parameters(arity = "1..*", paramLabel = "CMD", description = "The training command (after --)")
    List<String> command;

    @Mixin
    OutputOptions output = new OutputOptions();
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Path ws = (workspace == null ? Path.of("") : workspace).toAbsolutePath().normalize();
        ModelRegistryConfig registryConfig = verification.applyTo(ModelRegistryConfig.parse(registry, registryAuth()));
        TrainingRequest request = TrainingRequest.builder()
                .image(target.imageRequest()).command(command).workspace(ws.toString()).outputDir(outputDir)
                .env(EnvironmentEntries.parse(env, System.getenv(), EnvironmentEntries.Source.PROCESS).variables()).gpus(target.gpuRequest())
                .preflight(noPreflight ? null : PreflightPolicy.builder().allowCpuFallback(allowCpuFallback).build())
                .artifacts(artifacts).modelName(model).alias(alias).lineage(GitLineage.of(ws)).owner("cli").user(target.user())
                .gpuLockDirectory(gpuLockDir.toString()).gpuWait(Duration.ofSeconds(gpuWaitSeconds))
                .timeout(Duration.ofMinutes(timeoutMinutes)).memoryLimit(MemoryLimit.parse(memory))
                .build();
        try (TerminalProgress progress = output.progress(); ContainerRuntime rt = target.openRuntime()) {
            DockerImages images = target.docker.images(rt);
            TrainingResult result = new TrainingFlow(rt, images, HostGpuProbe.onPath(System.getenv("PATH")), ModelRegistries.open(registryConfig))
                    .run(request, output.sink(progress), progress);
            progress.close();
            output.human().println("registered " + result.model().modelName() + " version " + result.model().version()
                    + " in " + result.model().registry());
            output.human().println("uri:    " + result.model().uri());
            output.human().println("digest: " + result.model().digest());
            output.print(TrainingJson.of("train", result), ExitCodes.OK);
            return ExitCodes.OK;
        }
    }

    private RegistryAuth registryAuth() {
        if (registryTokenEnv != null && (registryUser != null || registryPasswordEnv != null)) {
            throw new ParameterException(spec.commandLine(), "--registry-token-env and --registry-user/--registry-password-env"
                    + " are two ways to log in to the registry: give one of them, not both.");
        }
        if (registryPasswordEnv != null && registryUser == null) {
            throw new ParameterException(spec.commandLine(), "--registry-password-env needs --registry-user: give the user"
                    + " the password belongs to.");
        }
        if (registryTokenEnv != null) {
            return RegistryAuth.bearerToken(requiredEnv(registryTokenEnv));
        }
        if (registryUser != null) {
            return RegistryAuth.usernamePassword(registryUser, registryPasswordEnv == null ? "" : requiredEnv(registryPasswordEnv));
        }
        return null;
    }

    private static String requiredEnv(String name) {
        String value = System.getenv(name);
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("Environment variable " + name + " (named for a registry secret) is not set.");
        }
        return value;
    }
}
