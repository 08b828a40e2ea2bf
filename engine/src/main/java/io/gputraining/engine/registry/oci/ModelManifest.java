package io.gputraining.engine.registry.oci;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gputraining.engine.registry.ModelPublication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The OCI manifest of one model version and its ModelPack config: layers in the publication's order (the run
 * manifest last), and annotations that make the version findable and traceable without reading any blob.
 */
final class ModelManifest {

    static final String NAME = "io.gputraining.model.name";
    static final String VERSION = "io.gputraining.model.version";
    static final String IDEMPOTENCY_KEY = "io.gputraining.idempotency-key";
    static final String TAG_PREFIX = "io.gputraining.tag.";
    static final String PARAM_PREFIX = "io.gputraining.param.";
    static final String METRIC_PREFIX = "io.gputraining.metric.";
    static final String CREATED = "org.opencontainers.image.created";
    static final String OCI_VERSION = "org.opencontainers.image.version";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ModelPublication publication;
    private final List<Blob> layers;
    private final Blob config;
    private final String created;

    private ModelManifest(ModelPublication publication, List<Blob> layers, Blob config, String created) {
        this.publication = publication;
        this.layers = List.copyOf(layers);
        this.config = config;
        this.created = created;
    }

    /** The manifest of {@code layers}, with a ModelPack config made now. */
    static ModelManifest of(ModelPublication publication, List<Blob> layers, Instant now) {
        String created = DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.SECONDS));
        ObjectNode descriptor = JSON.createObjectNode().put("name", publication.modelName()).put("createdAt", created);
        ArrayNode diffIds = JSON.createArrayNode();
        layers.forEach(l -> diffIds.add(l.digest())); // uncompressed layers: the diff id is the digest
        ObjectNode modelConfig = JSON.createObjectNode();
        modelConfig.set("descriptor", descriptor);
        modelConfig.set("modelfs", JSON.createObjectNode().put("type", "layers").set("diffIds", diffIds));
        modelConfig.set("config", JSON.createObjectNode());
        return new ModelManifest(publication, layers, Blob.of("config", OciMediaTypes.CONFIG, bytes(modelConfig)), created);
    }

    Blob config() {
        return config;
    }

    /** The manifest's bytes for the version {@code version}, which is one of its annotations. */
    byte[] forVersion(String version) {
        ObjectNode manifest = JSON.createObjectNode().put("schemaVersion", 2).put("mediaType", OciMediaTypes.MANIFEST)
                .put("artifactType", OciMediaTypes.ARTIFACT_TYPE);
        manifest.set("config", descriptor(config));
        ArrayNode layerArray = manifest.putArray("layers");
        for (Blob layer : layers) {
            ObjectNode d = descriptor(layer);
            d.putObject("annotations").put(OciMediaTypes.FILEPATH_ANNOTATION, layer.name())
                    .put(OciMediaTypes.TITLE_ANNOTATION, layer.name());
            layerArray.add(d);
        }
        Map<String, String> annotations = new TreeMap<>();
        publication.tags().forEach((k, v) -> annotations.put(TAG_PREFIX + k, v));
        publication.params().forEach((k, v) -> annotations.put(PARAM_PREFIX + k, v));
        publication.metrics().forEach((k, v) -> annotations.put(METRIC_PREFIX + k, Double.toString(v)));
        annotations.put(NAME, publication.modelName());
        annotations.put(VERSION, version);
        annotations.put(OCI_VERSION, version);
        annotations.put(IDEMPOTENCY_KEY, publication.idempotencyKey());
        annotations.put(CREATED, created);
        ObjectNode annotationNode = manifest.putObject("annotations");
        annotations.forEach(annotationNode::put);
        return bytes(manifest);
    }

    /**
     * The version a stored manifest describes, when it is one of ours (our artifact type and annotations).
     *
     * @param digest the manifest's digest, checked against its bytes by the caller
     */
    static Optional<StoredVersion> read(byte[] manifest, String digest) {
        JsonNode json;
        try {
            json = JSON.readTree(manifest);
        } catch (IOException notJson) {
            return Optional.empty();
        }
        JsonNode annotations = json.path("annotations");
        String version = annotations.path(VERSION).asText("");
        String key = annotations.path(IDEMPOTENCY_KEY).asText("");
        if (!OciMediaTypes.ARTIFACT_TYPE.equals(json.path("artifactType").asText()) || version.isEmpty() || key.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new StoredVersion(annotations.path(NAME).asText(""), version, key, digest, manifest));
    }

    private static ObjectNode descriptor(Blob blob) {
        return JSON.createObjectNode().put("mediaType", blob.mediaType()).put("digest", blob.digest()).put("size", blob.size());
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("a tree of strings always serialises", e);
        }
    }

    /**
     * A model version found in the registry.
     *
     * @param modelName      the name annotation, as given at registration
     * @param version        the version annotation, also its tag
     * @param idempotencyKey the key it was registered under
     * @param digest         the manifest's digest
     * @param manifest       the manifest's bytes, to tag again (alias, idempotency tag)
     */
    record StoredVersion(String modelName, String version, String idempotencyKey, String digest, byte[] manifest) {
    }
}
