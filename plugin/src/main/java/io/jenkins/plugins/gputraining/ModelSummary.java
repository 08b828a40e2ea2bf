package io.jenkins.plugins.gputraining;

import io.gputraining.engine.registry.RegisteredModel;
import io.gputraining.engine.train.TrainingResult;
import java.io.Serializable;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the build page shows of one registered model version, in plain fields: where it is, the image it was
 * trained in, and the final metrics the training reported.
 */
public final class ModelSummary implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String registry;
    private final String model;
    private final String version;
    private final String uri;
    private final String digest;
    private final String image;
    private final String imageDigest;
    private final TreeMap<String, Double> metrics;

    private ModelSummary(TrainingResult result) {
        RegisteredModel registered = result.model();
        registry = registered.registry();
        model = registered.modelName();
        version = registered.version();
        uri = registered.uri();
        digest = registered.digest();
        image = result.manifest().image() == null ? null : result.manifest().image().pinned();
        imageDigest = result.manifest().image() == null ? null : result.manifest().image().digest();
        metrics = new TreeMap<>(result.manifest().metrics());
    }

    static ModelSummary of(TrainingResult result) {
        return new ModelSummary(result);
    }

    public String getRegistry() { return registry; }

    public String getModel() { return model; }

    public String getVersion() { return version; }

    /** Where to get the version: {@code models:/name/3}, {@code oci://…@sha256:…}, or a directory. */
    public String getUri() { return uri; }

    /** Whether {@link #getUri()} can be opened in a browser. */
    public boolean isLinkable() {
        return uri != null && (uri.startsWith("http://") || uri.startsWith("https://"));
    }

    public String getDigest() { return digest; }

    public String getImage() { return image; }

    public String getImageDigest() { return imageDigest; }

    /** The final metrics, sorted by name. */
    public Map<String, Double> getMetrics() { return Collections.unmodifiableMap(metrics); }
}
