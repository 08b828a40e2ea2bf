package io.gputraining.engine.train;

import io.gputraining.engine.LogSink;
import io.gputraining.engine.ProgressListener;
import io.gputraining.engine.artifacts.ArtifactCollector;
import io.gputraining.engine.artifacts.ArtifactFile;
import io.gputraining.engine.artifacts.ArtifactPattern;
import io.gputraining.engine.docker.DockerImages;
import io.gputraining.engine.launch.GpuContainerLaunch;
import io.gputraining.engine.launch.PreparedLaunch;
import io.gputraining.engine.preflight.PreflightReport;
import io.gputraining.engine.preflight.host.HostGpuProbe;
import io.gputraining.engine.registry.ModelPublication;
import io.gputraining.engine.registry.ModelRegistry;
import io.gputraining.engine.registry.RegisteredModel;
import io.gputraining.engine.runtime.ContainerRuntime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * {@code trainAndRegister}: pin the image, lease GPUs and preflight them ({@link GpuContainerLaunch}) → train in
 * the container → collect the artifacts → write the run manifest → register. Nothing is registered unless
 * every step before succeeded; container and lease are released on every exit path, interrupt included.
 */
public final class TrainingFlow {

    private final ContainerRuntime runtime;
    private final DockerImages images;
    private final HostGpuProbe hostProbe;
    private final ModelRegistry registry;

    /**
     * @param images    the daemon's images, or null on the local runtime
     * @param hostProbe the agent's nvidia-smi (for the GPU inventory and the preflight)
     * @param registry  where the model version goes
     */
    public TrainingFlow(ContainerRuntime runtime, DockerImages images, HostGpuProbe hostProbe, ModelRegistry registry) {
        this.runtime = runtime;
        this.images = images;
        this.hostProbe = hostProbe;
        this.registry = registry;
    }

    public TrainingResult run(TrainingRequest request, LogSink log, ProgressListener progress) throws InterruptedException {
        Instant started = Instant.now();
        String runId = UUID.randomUUID().toString();
        refuseBeforeAnythingRuns(request);

        try (PreparedLaunch launch = new GpuContainerLaunch(runtime, images, hostProbe).prepare(request.launchRequest(), log, progress)) {
            Stopwatch clock = new Stopwatch();
            TrainingRun.Outcome outcome = new TrainingRun(launch).run(request, runId, log);
            long trainingMillis = clock.lap();

            Path outputDir = Path.of(request.workspace()).resolve(request.outputDir()).resolve(runId);
            List<ArtifactFile> artifacts = new ArtifactCollector().collect(outputDir, request.artifacts(), log, progress);
            TrainingMetrics metrics = TrainingMetrics.read(outputDir.resolve(TrainingRequest.METRICS_FILE));
            long collectMillis = clock.lap();

            PreflightReport preflight = launch.preflight();
            RunManifest manifest = new RunManifestBuilder(request, runId)
                    .image(launch.image())
                    .host(runtime.facts().description(), launch.lease().deviceIds(), runtime.gpuAccess(launch.lease().toGpuRequest()), preflight)
                    .results(metrics, artifacts, outcome.exitCode())
                    .timings(started, Instant.now(), launch.imageMillis(), launch.preflightMillis(), trainingMillis, collectMillis)
                    .build();
            ModelPublication publication = new ModelPublication(request.modelName(), manifest.idempotencyKey(), artifacts,
                    metrics.params(), metrics.metrics(), metrics.history(), LineageTags.of(manifest), new RunManifestJson().write(manifest),
                    request.alias());
            log.message("Registering " + artifacts.size() + " file(s) as a version of '" + request.modelName() + "' in " + registry.describe());
            RegisteredModel model = registry.register(publication, log, progress);
            log.message("Registered " + model.modelName() + " version " + model.version() + ": " + model.uri());
            return new TrainingResult(model, manifest, preflight == null ? null : preflight.withoutEvidence(), metrics.history());
        }
    }

    /**
     * What can be judged from the request alone is judged first: a typo in a pattern, a name the registry
     * refuses or a missing workspace must not cost a pull, a lease and a whole training.
     */
    private void refuseBeforeAnythingRuns(TrainingRequest request) {
        Path workspace = Path.of(request.workspace());
        if (!Files.isDirectory(workspace)) {
            throw new WorkspaceNotFoundException(workspace);
        }
        request.artifacts().forEach(ArtifactPattern::parse);
        registry.checkNames(request.modelName(), request.alias());
    }

    /** Milliseconds between successive laps. */
    private static final class Stopwatch {
        private long last = System.nanoTime();

        long lap() {
            long now = System.nanoTime();
            long millis = (now - last) / 1_000_000;
            last = now;
            return millis;
        }
    }
}
