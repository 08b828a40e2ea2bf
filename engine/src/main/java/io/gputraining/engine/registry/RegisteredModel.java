package io.gputraining.engine.registry;

import java.io.Serializable;
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
}
