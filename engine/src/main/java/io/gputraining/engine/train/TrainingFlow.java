package io.gputraining.engine.train;

import io.gputraining.engine.LogSink;
import io.gputraining.engine.ProgressListener;
import io.gputraining.engine.artifacts.ArtifactPattern;
import io.gputraining.engine.docker.DockerImages;
import io.gputraining.engine.launch.GpuContainerLaunch;
import io.gputraining.engine.launch.PreparedLaunch;
import io.gputraining.engine.preflight.host.HostGpuProbe;
import io.gputraining.engine.registry.ModelRegistry;
import io.gputraining.engine.runtime.ContainerRuntime;
import io.gputraining.engine.runtime.DetachedContainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;

/**
 * {@code trainAndRegister}: pin the image, lease GPUs and preflight them ({@link GpuContainerLaunch}) → train in
 * the container → collect the artifacts → write the run manifest → register. Nothing is registered unless
 * every step before succeeded.
 * <p>Two ways: {@link #run} does it all in this JVM, releasing container and lease on every exit path, interrupt
 * included (the CLI). {@link #start} leaves the training running in a container that outlives this JVM and holds its
 * own GPUs; whoever keeps the {@link StartedTraining} follows it and finishes it with a {@link TrainingContainer}, after
 * any number of restarts in between (Jenkins).
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

    /** A new run id, as {@link #run} makes one and {@link #start} takes one. */
    public static String newRunId() {
        return UUID.randomUUID().toString();
    }

    public TrainingResult run(TrainingRequest request, LogSink log, ProgressListener progress) throws InterruptedException {
        Instant started = Instant.now();
        String runId = newRunId();
        refuseBeforeAnythingRuns(request);

        try (PreparedLaunch launch = new GpuContainerLaunch(runtime, images, hostProbe).prepare(request.launchRequest(), log, progress)) {
            RunManifest begun = startedManifest(launch, request, runId, started);
            TrainingRun.Outcome outcome = new TrainingRun(launch).run(request, runId, log);
            return new TrainingRegistration(registry).register(begun, request.artifacts(), outcome.exitCode(), outcome.took().toMillis(),
                    launch.preflight(), log, progress);
        }
    }

    /**
     * Starts the training in a container that outlives this JVM: pinned, leased and preflighted as {@link #run} does,
     * then handed its GPUs ({@link PreparedLaunch#startDetached}) and labelled with the owner, the run id and everything
     * its finish needs ({@link TrainingLabels}). Returns as soon as it runs.
     *
     * @param runId the run's id, chosen by the caller beforehand ({@link #newRunId()}), so that a caller that loses this
     *              call's answer (a restart) finds the container by it
     * @throws InterruptedException when interrupted; nothing is left running or leased then
     */
    public StartedTraining start(TrainingRequest request, String runId, LogSink log, ProgressListener progress)
            throws InterruptedException {
        Instant started = Instant.now();
        refuseBeforeAnythingRuns(request);
        try (PreparedLaunch launch = new GpuContainerLaunch(runtime, images, hostProbe).prepare(request.launchRequest(), log, progress)) {
            RunManifest begun = startedManifest(launch, request, runId, started);
            RunDirectory directory = RunDirectory.create(Path.of(request.workspace()).resolve(request.outputDir()).resolve(runId));
            try {
                log.message("Training: " + String.join(" ", request.command()) + " (output in " + directory.path() + ")");
                DetachedContainer container = launch.startDetached(TrainingLabels.label(TrainingSpec.of(launch, request, directory.path()),
                        begun, request).build(), false, log);
                return new StartedTraining(runId, container.id(), launch.preflight() == null ? null : launch.preflight().withoutEvidence());
            } catch (RuntimeException | InterruptedException | Error e) {
                directory.removeIfEmpty();
                throw e;
            }
        }
    }

    private RunManifest startedManifest(PreparedLaunch launch, TrainingRequest request, String runId, Instant started) {
        return new RunManifestBuilder(request, runId)
                .image(launch.image())
                .host(runtime.facts().description(), launch.lease().deviceIds(), runtime.gpuAccess(launch.lease().toGpuRequest()),
                        launch.preflight())
                .started(started, launch.imageMillis(), launch.preflightMillis());
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
}
