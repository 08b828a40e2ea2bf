package io.gputraining.engine.registry.local;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.gputraining.engine.registry.ModelPublication.MetricPoint;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What {@code models/<name>/versions/<n>/manifest.json} of a {@link LocalModelRegistry} holds: everything about
 * one version. Its bytes are what the version's digest is computed over.
 *
 * @param schema         {@link #SCHEMA}
 * @param modelName      the model
 * @param version        the version number, from 1
 * @param created        when it was registered, ISO-8601 UTC
 * @param idempotencyKey the key it was registered under
 * @param artifacts      its files, each stored as {@code blobs/sha256/<sha256>}
 * @param params         hyper-parameters
 * @param metrics        final metric values (NaN and infinities are written as strings)
 * @param metricHistory  metric values with steps
 * @param tags           lineage tags
 * @param alias          the alias requested at registration, or null (aliases move; see {@code aliases/})
 * @param runManifest    the run manifest, stored as a blob
 */
public record VersionManifest(String schema, String modelName, int version, String created, String idempotencyKey,
                              List<Artifact> artifacts, Map<String, String> params, Map<String, Double> metrics,
                              List<MetricPoint> metricHistory, Map<String, String> tags, String alias,
                              Blob runManifest) implements Serializable {

    public static final String SCHEMA = "gpu-training/local-model-version/v1";

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    public VersionManifest {
        Objects.requireNonNull(modelName, "modelName");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        Objects.requireNonNull(runManifest, "runManifest");
        artifacts = List.copyOf(artifacts);
        params = Map.copyOf(params);
        metrics = Map.copyOf(metrics);
        metricHistory = List.copyOf(metricHistory);
        tags = Map.copyOf(tags);
    }

    /** One file of the version: its path in the version, size and sha256 (which names its blob). */
    public record Artifact(String path, long size, String sha256) implements Serializable {
    }

    /** Content stored as a blob, by digest ({@code sha256:<hex>}) and size. */
    public record Blob(String digest, long size) implements Serializable {

        /** The hex part of the digest, which names the blob file. */
        public String sha256() {
            return digest.substring("sha256:".length());
        }
    }

    /** The JSON bytes (UTF-8, indented, maps sorted by key). */
    public byte[] toJson() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new UncheckedIOException("a version manifest is always writable as JSON", e);
        }
    }

    /**
     * Reads manifest JSON.
     *
     * @throws IOException when it is not a version manifest
     */
    public static VersionManifest parse(byte[] json) throws IOException {
        VersionManifest m = JSON.readValue(json, VersionManifest.class);
        if (!SCHEMA.equals(m.schema())) {
            throw new IOException("not a " + SCHEMA + " manifest (schema " + m.schema() + ")");
        }
        return m;
    }
}
