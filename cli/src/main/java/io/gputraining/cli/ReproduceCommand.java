package io.gputraining.cli;

import io.gputraining.engine.EngineException;
import io.gputraining.engine.gpu.GpuAllocator;
import io.gputraining.engine.image.ImageRequest;
import io.gputraining.engine.preflight.PreflightPolicy;
import io.gputraining.engine.preflight.host.HostGpuProbe;
import io.gputraining.engine.registry.ModelRegistries;
import io.gputraining.engine.registry.ModelRegistryConfig;
import io.gputraining.engine.runtime.ContainerRuntime;
import io.gputraining.engine.runtime.GpuRequest;
import io.gputraining.engine.runtime.HostUser;
import io.gputraining.engine.train.Lineage;
import io.gputraining.engine.train.RunManifest;
import io.gputraining.engine.train.RunManifestJson;
import io.gputraining.engine.train.TrainingFlow;
import io.gputraining.engine.train.TrainingRequest;
import io.gputraining.engine.train.TrainingResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code gpu-training reproduce RUN-MANIFEST}: runs a recorded training again — the same image content (by
 * digest), command, environment names (their values from this environment), number of GPUs and artifact
 * paths — and registers the result as a new version whose lineage points at this run.
 */
@Command(name = "reproduce", mixinStandardHelpOptions = true,
        description = "Re-run a recorded training from its run-manifest.json and register the result.")
final class ReproduceCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "RUN-MANIFEST", description = "run-manifest.json of the run to reproduce")
    Path manifestFile;

    @Option(names = "--registry", defaultValue = "local:${sys:user.home}/.gpu-training/registry",
            description = "Where to register the reproduction. Default: ${DEFAULT-VALUE}")
    String registry;

    @Mixin
    UploadVerificationOption verification = new UploadVerificationOption();

    @Option(names = "--model", description = "Model name for the reproduction (default: the recorded one)")
    String model;

    @Option(names = "--workspace", description = "Checkout of the recorded commit (default: current directory)")
    Path workspace;

    @Option(names = "--allow-cpu-fallback", description = "Reproduce on the CPU when torch sees no CUDA.")
    boolean allowCpuFallback;

    @Option(names = "--gpu-wait-seconds", defaultValue = "" + GpuAllocator.DEFAULT_WAIT_SECONDS,
            description = "How long to wait for GPUs another run holds. Default: ${DEFAULT-VALUE}")
    long gpuWaitSeconds;

    @Option(names = "--gpu-lock-dir", defaultValue = GpuAllocator.DEFAULT_LOCK_DIRECTORY,
            description = "Where GPU leases are kept (the same for everything on the host). Default: ${DEFAULT-VALUE}")
    Path gpuLockDir;

    @Mixin
    PullOption pull = new PullOption();

    @Mixin
    DockerOptions docker = new DockerOptions();

    @Mixin
    OutputOptions output = new OutputOptions();

    @Override
    public Integer call() throws Exception {
        ConsoleSink sink = output.sink(null);
        RunManifest recorded = new RunManifestJson().read(Files.readAllBytes(manifestFile));
        if (recorded.image().pinned() == null) {
            throw new EngineException("The run in " + manifestFile + " ran on the host, without an image; only runs in a pinned"
                    + " image can be reproduced elsewhere.");
        }
        if (recorded.image().local()) {
            sink.message("The recorded run ran " + recorded.image().requested() + " as image " + recorded.image().pinned()
                    + ", which only its agent had (built or loaded there; no registry serves it): this Docker daemon needs that"
                    + " very image, by 'docker save' there and 'docker load' here.");
        }
        Path ws = (workspace == null ? Path.of("") : workspace).toAbsolutePath().normalize();
        Lineage here = GitLineage.of(ws);
        if (recorded.lineage().gitCommit() != null && !Objects.equals(recorded.lineage().gitCommit(), here.gitCommit())) {
            sink.message("WARNING: the workspace is at " + here.gitCommit() + ", the recorded run at " + recorded.lineage().gitCommit()
                    + "; check out that commit for a faithful reproduction.");
        }
        TrainingRequest request = request(recorded, ws, here);
        try (TerminalProgress progress = output.progress(); ContainerRuntime rt = RuntimeChoice.DOCKER.open(docker)) {
            TrainingResult result = new TrainingFlow(rt, docker.images(rt), HostGpuProbe.onPath(System.getenv("PATH")),
                    ModelRegistries.open(verification.applyTo(ModelRegistryConfig.parse(registry, null)))).run(request, output.sink(progress), progress);
            progress.close();
            output.human().println("reproduced run " + recorded.runId() + " as " + result.model().modelName() + " version "
                    + result.model().version() + ": " + result.model().uri());
            List<Map<String, Object>> comparison = compare(recorded, result.manifest());
            comparison.forEach(a -> sink.message(((Boolean) a.get("same") ? "same     " : "differs  ") + a.get("path")
                    + ((Boolean) a.get("same") ? "" : " (was " + a.get("recordedSha256") + ")")));
            output.print(TrainingJson.of("reproduce", result).put("reproducedRunId", recorded.runId()).put("artifacts", comparison),
                    ExitCodes.OK);
            return ExitCodes.OK;
        }
    }

    /** The recorded run again: its image by digest, command, environment names, GPU count and files; leased as configured. */
    TrainingRequest request(RunManifest recorded, Path ws, Lineage here) {
        return TrainingRequest.builder()
                .image(ImageRequest.builder(recorded.image().pinned()).requirePinned(true).pull(pull.policy()).build())
                .command(recorded.command()).workspace(ws.toString())
                .env(environment(recorded.envNames()))
                .gpus(recorded.host().leasedGpus().isEmpty() ? GpuRequest.none() : GpuRequest.count(recorded.host().leasedGpus().size()))
                .preflight(PreflightPolicy.builder().allowCpuFallback(allowCpuFallback).build())
                .artifacts(recorded.artifacts().stream().map(RunManifest.Artifact::path).toList())
                .modelName(model == null ? recorded.modelName() : model)
                .lineage(new Lineage(here.gitCommit(), here.gitUrl(), "reproduce " + recorded.runId(), here.buildUrl()))
                .owner("cli").user(HostUser.current())
                .gpuLockDirectory(gpuLockDir.toString()).gpuWait(Duration.ofSeconds(gpuWaitSeconds))
                .build();
    }

    /** The recorded run's environment names, valued from this environment; a missing one is an error. */
    private static Map<String, String> environment(List<String> names) {
        Map<String, String> env = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (String name : names) {
            String value = System.getenv(name);
            if (value == null) {
                missing.add(name);
            } else {
                env.put(name, value);
            }
        }
        if (!missing.isEmpty()) {
            throw new EngineException("The recorded run had environment variables " + missing + " (their values are never recorded);"
                    + " set them here to reproduce it.");
        }
        return env;
    }

    /** Each file of the reproduction against the recorded run: {@code path}, {@code sha256}, {@code recordedSha256}, {@code same}. */
    private static List<Map<String, Object>> compare(RunManifest before, RunManifest now) {
        Map<String, String> then = new LinkedHashMap<>();
        before.artifacts().forEach(a -> then.put(a.path(), a.sha256()));
        List<Map<String, Object>> files = new ArrayList<>();
        for (RunManifest.Artifact a : now.artifacts()) {
            Map<String, Object> file = new LinkedHashMap<>();
            file.put("path", a.path());
            file.put("sha256", a.sha256());
            file.put("recordedSha256", then.get(a.path()));
            file.put("same", a.sha256().equals(then.get(a.path())));
            files.add(file);
        }
        return files;
    }
}
