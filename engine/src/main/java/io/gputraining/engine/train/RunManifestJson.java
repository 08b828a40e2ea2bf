package io.gputraining.engine.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.gputraining.engine.EngineException;
import java.nio.charset.StandardCharsets;

/** Writes and reads {@link RunManifest} as the documented JSON (docs/run-manifest.md). */
public final class RunManifestJson {

    private final ObjectMapper mapper = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    public byte[] write(RunManifest manifest) {
        try {
            return mapper.writeValueAsString(manifest).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a run manifest is always serialisable", e);
        }
    }

    public RunManifest read(byte[] json) {
        try {
            RunManifest manifest = mapper.readValue(json, RunManifest.class);
            if (manifest.schemaVersion() != RunManifest.SCHEMA_VERSION) {
                throw new EngineException("Run manifest schema version " + manifest.schemaVersion() + " is not supported (this engine reads "
                        + RunManifest.SCHEMA_VERSION + ").");
            }
            return manifest;
        } catch (java.io.IOException e) {
            throw new EngineException("Not a run manifest: " + e.getMessage(), e);
        }
    }
}
