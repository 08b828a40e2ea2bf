package io.gputraining.engine.registry;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A model version that exists and is complete in a registry.
 *
 * @param registry  the registry's kind and address, e.g. {@code mlflow http://127.0.0.1:5000}
 * @param modelName the registered model's name
 * @param version   its version ("3", or an OCI tag)
 * @param uri       where to get it: {@code models:/name/3}, {@code oci://host/repo@sha256:…}, a directory
 * @param digest    a digest identifying the version's content (the OCI manifest digest, the local manifest's sha256)
 * @param details   registry-specific facts worth showing (MLflow run id, web link), never secrets
 */
public record RegisteredModel(String registry, String modelName, String version, String uri, String digest,
                              Map<String, String> details) implements Serializable {

    public RegisteredModel {
        details = Map.copyOf(details);
    }

    /**
     * What {@code trainAndRegister} returns to a Pipeline script and the CLI prints as JSON: {@code registry},
     * {@code model}, {@code version}, {@code uri}, {@code digest}. A {@link LinkedHashMap} of strings, which every
     * Jenkins serialization filter accepts.
     */
    public LinkedHashMap<String, Object> toMap() {
        LinkedHashMap<String, Object> map = new LinkedHashMap<>();
        map.put("registry", registry);
        map.put("model", modelName);
        map.put("version", version);
        map.put("uri", uri);
        map.put("digest", digest);
        return map;
    }
}
