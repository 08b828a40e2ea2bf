package io.gputraining.engine.train;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.gputraining.engine.preflight.GpuSummary;
import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * The record of one training run, stored with the model version (as {@code run-manifest.json}) and enough to
 * reproduce it elsewhere: the exact image content, the command, the environment's names, the code's commit,
 * the hardware, the preflight's verdicts, what the script reported, and every file with its digest.
 * Schema: docs/run-manifest.md. Secret values never appear: only environment variable names.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RunManifest(int schemaVersion, String runId, String idempotencyKey, String modelName, String alias,
                          Image image, List<String> command, String workspace, String outputDir, List<String> envNames,
                          Lineage lineage, Host host, Preflight preflight, Map<String, String> params,
                          Map<String, Double> metrics, List<Artifact> artifacts, Timings timings, int exitCode)
        implements Serializable {

    public static final int SCHEMA_VERSION = 1;

    public RunManifest {
        command = List.copyOf(command);
        envNames = List.copyOf(envNames);
        params = Map.copyOf(params);
        metrics = Map.copyOf(metrics);
        artifacts = List.copyOf(artifacts);
    }

    /**
     * The image as asked for and as run: {@code pinned} is what to reproduce with, the name with its registry
     * digest, or the image ID when {@code local} (built or loaded on the agent; no registry has it, so a
     * reproduction needs it loaded). {@code origin} says why it was the one: pulled, present, cached, local-only.
     * Null fields (and {@code local} false) on the local runtime.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Image(String requested, String pinned, String digest, String imageId, boolean local, String origin)
            implements Serializable {

        /** For people: the pin, and for a local image the name it was asked by too; null on the local runtime. */
        public String describe() {
            return local && requested != null && !requested.equals(pinned) ? requested + " (local image " + pinned + ")" : pinned;
        }

        /** No image: the run was on the local runtime. */
        public static Image none() {
            return new Image(null, null, null, null, false, null);
        }
    }

    /**
     * Where it ran: the agent, the runtime, the GPUs leased for it and what they are, and how they reached the
     * container: {@code gpuAccess} is {@code cdi}, {@code device-request}, {@code visible-devices} or {@code none}
     * ({@link io.gputraining.engine.runtime.GpuAccess.Mode#id()}), {@code gpuDevices} what was asked of it (CDI
     * device names such as {@code nvidia.com/gpu=GPU-…}). Both are null in manifests written before they existed.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Host(String hostname, String runtime, String driverVersion, List<String> leasedGpus, List<GpuSummary> gpus,
                       String gpuAccess, List<String> gpuDevices)
            implements Serializable {
        public Host {
            leasedGpus = List.copyOf(leasedGpus);
            gpus = List.copyOf(gpus);
            gpuDevices = gpuDevices == null ? List.of() : List.copyOf(gpuDevices);
        }
    }

    /** The preflight's outcome, one line per check: {@code check -> LEVEL}. Null when it was skipped. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Preflight(String overall, Map<String, String> checks, String torchVersion, String torchCuda)
            implements Serializable {
        public Preflight {
            checks = Map.copyOf(checks);
        }
    }

    /** A file of the model version. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Artifact(String path, long size, String sha256) implements Serializable {
    }

    /** Wall times in milliseconds, and the run's start and end (ISO-8601 UTC). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Timings(String started, String finished, long imageMillis, long preflightMillis, long trainingMillis,
                          long collectMillis) implements Serializable {
    }
}
