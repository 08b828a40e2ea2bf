package io.gputraining.engine.train;

import io.gputraining.engine.artifacts.ArtifactFile;
import io.gputraining.engine.image.PreparedImage;
import io.gputraining.engine.preflight.PreflightReport;
import io.gputraining.engine.preflight.Verdict;
import io.gputraining.engine.runtime.GpuAccess;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Assembles a {@link RunManifest}: what is known when the run starts ({@link #started}), then its results
 * ({@link #completed}), which also derive the run's idempotency key.
 */
final class RunManifestBuilder {

    private final TrainingRequest request;
    private final String runId;
    private RunManifest.Image image = RunManifest.Image.none();
    private RunManifest.Host host;
    private RunManifest.Preflight preflight;

    RunManifestBuilder(TrainingRequest request, String runId) {
        this.request = request;
        this.runId = runId;
    }

    RunManifestBuilder image(PreparedImage prepared) {
        if (prepared != null) {
            image = new RunManifest.Image(prepared.requested().toString(), prepared.pinned().toString(), prepared.digest(),
                    prepared.imageId(), prepared.isLocal(), prepared.origin().word());
        }
        return this;
    }

    RunManifestBuilder host(String runtime, List<String> leasedGpus, GpuAccess access, PreflightReport report) {
        host = new RunManifest.Host(io.gputraining.engine.runtime.Owner.thisProcess().host(), runtime,
                report == null ? null : report.driverVersion(), leasedGpus, report == null ? List.of() : report.gpus(),
                access.mode().id(), access.devices());
        if (report != null) {
            Map<String, String> checks = new LinkedHashMap<>();
            for (Verdict v : report.verdicts()) {
                checks.put(v.check(), v.level().name());
            }
            preflight = new RunManifest.Preflight(report.overall().name(), checks, report.torchVersion(), report.torchCuda());
        }
        return this;
    }

    /**
     * The manifest of a run that has started: everything but its results, its idempotency key and its end. What a
     * detached training carries in its labels until it is finished ({@link #completed}).
     */
    RunManifest started(Instant started, long imageMillis, long preflightMillis) {
        return new RunManifest(RunManifest.SCHEMA_VERSION, runId, null, request.modelName(), request.alias(), image,
                request.command(), request.workspace(), request.outputDir() + "/" + runId, List.copyOf(new TreeSet<>(request.env().keySet())),
                request.lineage(), host, preflight, Map.of(), Map.of(), List.of(),
                new RunManifest.Timings(started.toString(), null, imageMillis, preflightMillis, 0, 0), 0);
    }

    /** The manifest of a finished run: {@code started} with its results, its end and its idempotency key. */
    static RunManifest completed(RunManifest started, TrainingMetrics metrics, List<ArtifactFile> artifacts, int exitCode,
                                 Instant finished, long trainingMillis, long collectMillis) {
        RunManifest.Timings t = started.timings();
        return new RunManifest(started.schemaVersion(), started.runId(), idempotencyKey(started, artifacts), started.modelName(),
                started.alias(), started.image(), started.command(), started.workspace(), started.outputDir(), started.envNames(),
                started.lineage(), started.host(), started.preflight(), metrics.params(), metrics.metrics(),
                artifacts.stream().map(a -> new RunManifest.Artifact(a.path(), a.size(), a.sha256())).toList(),
                new RunManifest.Timings(t.started(), finished.toString(), t.imageMillis(), t.preflightMillis(), trainingMillis, collectMillis),
                exitCode);
    }

    /**
     * The same build re-registering the same content (a retried registration, a deterministic re-run) gets the
     * same key, so the registry returns the version it already has instead of making a second one.
     */
    private static String idempotencyKey(RunManifest run, List<ArtifactFile> artifacts) {
        Lineage lineage = run.lineage();
        RunManifest.Image image = run.image();
        StringBuilder s = new StringBuilder("gpu-training/1\n").append(run.modelName()).append('\n')
                .append(lineage.buildUrl() != null ? lineage.buildUrl() : String.valueOf(lineage.buildId())).append('\n')
                .append(image.digest() != null ? image.digest() : image.imageId()).append('\n')
                .append(String.join("\u0000", run.command())).append('\n');
        artifacts.forEach(a -> s.append(a.path()).append('=').append(a.sha256()).append('\n'));
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(s.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
