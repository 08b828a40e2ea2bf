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

/** Assembles a {@link RunManifest} from the flow's steps, and derives the run's idempotency key. */
final class RunManifestBuilder {

    private final TrainingRequest request;
    private final String runId;
    private RunManifest.Image image = RunManifest.Image.none();
    private RunManifest.Host host;
    private RunManifest.Preflight preflight;
    private TrainingMetrics metrics = TrainingMetrics.none();
    private List<ArtifactFile> artifacts = List.of();
    private int exitCode;
    private RunManifest.Timings timings;

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

    RunManifestBuilder results(TrainingMetrics reported, List<ArtifactFile> files, int exit) {
        metrics = reported;
        artifacts = files;
        exitCode = exit;
        return this;
    }

    RunManifestBuilder timings(Instant started, Instant finished, long imageMillis, long preflightMillis, long trainingMillis,
                               long collectMillis) {
        timings = new RunManifest.Timings(started.toString(), finished.toString(), imageMillis, preflightMillis, trainingMillis, collectMillis);
        return this;
    }

    RunManifest build() {
        return new RunManifest(RunManifest.SCHEMA_VERSION, runId, idempotencyKey(), request.modelName(), request.alias(), image,
                request.command(), request.workspace(), request.outputDir() + "/" + runId, List.copyOf(new TreeSet<>(request.env().keySet())),
                request.lineage(), host, preflight, metrics.params(), metrics.metrics(),
                artifacts.stream().map(a -> new RunManifest.Artifact(a.path(), a.size(), a.sha256())).toList(), timings, exitCode);
    }

    /**
     * The same build re-registering the same content (a retried registration, a deterministic re-run) gets the
     * same key, so the registry returns the version it already has instead of making a second one.
     */
    private String idempotencyKey() {
        StringBuilder s = new StringBuilder("gpu-training/1\n").append(request.modelName()).append('\n')
                .append(request.lineage().buildUrl() != null ? request.lineage().buildUrl() : String.valueOf(request.lineage().buildId())).append('\n')
                .append(image.digest() != null ? image.digest() : image.imageId()).append('\n')
                .append(String.join("\u0000", request.command())).append('\n');
        artifacts.forEach(a -> s.append(a.path()).append('=').append(a.sha256()).append('\n'));
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(s.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
