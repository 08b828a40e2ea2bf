package io.gputraining.engine.train;

import io.gputraining.engine.LogSink;
import io.gputraining.engine.ProgressListener;
import io.gputraining.engine.artifacts.ArtifactCollector;
import io.gputraining.engine.artifacts.ArtifactFile;
import io.gputraining.engine.preflight.PreflightReport;
import io.gputraining.engine.registry.ModelPublication;
import io.gputraining.engine.registry.ModelRegistry;
import io.gputraining.engine.registry.RegisteredModel;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * What follows a successful training: collect the artifacts from the run's output directory, complete the run
 * manifest (which derives the idempotency key from the run and the files' digests) and register the version. Run
 * again for the same files, it registers under the same key, so the registry answers with the version it already has.
 */
final class TrainingRegistration {

    private final ModelRegistry registry;

    TrainingRegistration(ModelRegistry registry) {
        this.registry = registry;
    }

    /**
     * @param started        the manifest as the run started
     * @param patterns       the artifact patterns, relative to the output directory
     * @param exitCode       the training command's exit code (0)
     * @param trainingMillis how long the command ran
     * @param preflight      the preflight's report for the result, or null
     */
    TrainingResult register(RunManifest started, List<String> patterns, int exitCode, long trainingMillis, PreflightReport preflight,
                            LogSink log, ProgressListener progress) throws InterruptedException {
        long collectStart = System.nanoTime();
        Path outputDir = Path.of(started.workspace()).resolve(started.outputDir());
        List<ArtifactFile> artifacts = new ArtifactCollector().collect(outputDir, patterns, log, progress);
        TrainingMetrics metrics = TrainingMetrics.read(outputDir.resolve(TrainingRequest.METRICS_FILE));
        long collectMillis = (System.nanoTime() - collectStart) / 1_000_000;

        RunManifest manifest = RunManifestBuilder.completed(started, metrics, artifacts, exitCode, Instant.now(), trainingMillis, collectMillis);
        ModelPublication publication = new ModelPublication(manifest.modelName(), manifest.idempotencyKey(), artifacts,
                metrics.params(), metrics.metrics(), metrics.history(), LineageTags.of(manifest), new RunManifestJson().write(manifest),
                manifest.alias());
        log.message("Registering " + artifacts.size() + " file(s) as a version of '" + manifest.modelName() + "' in " + registry.describe());
        RegisteredModel model = registry.register(publication, log, progress);
        log.message("Registered " + model.modelName() + " version " + model.version() + ": " + model.uri());
        return new TrainingResult(model, manifest, preflight == null ? null : preflight.withoutEvidence(), metrics.history());
    }
}
