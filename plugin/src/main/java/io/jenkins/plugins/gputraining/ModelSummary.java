package io.jenkins.plugins.gputraining;

import io.gputraining.engine.registry.RegisteredModel;
import io.gputraining.engine.registry.VersionLocation;
import io.gputraining.engine.train.MetricChart;
import io.gputraining.engine.train.MetricSeries;
import io.gputraining.engine.train.TrainingResult;
import java.io.Serializable;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the build page shows of one registered model version, in plain fields: where it is, the image it was
 * trained in, the final metrics the training reported, and a chart of each metric that has a history.
 *
 * <p>Stored in build.xml, so the history is kept small: at most {@link #MAX_CHARTED_METRICS} metrics of at
 * most {@link #MAX_POINTS} points each, in {@link MetricSeries#toCompactText()} form (about 2 KB a metric).
 */
public final class ModelSummary implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Metrics charted per version; a training logging hundreds of metrics gets the first ones by name. */
    static final int MAX_CHARTED_METRICS = 12;
    /** Points kept of each metric's history: about one per 2.5 pixels of the chart's width. */
    static final int MAX_POINTS = 120;

    private final String registry;
    private final String model;
    private final String version;
    private final String uri;
    private final String digest;
    private final String image;
    private final String imageDigest;
    /** Where to see or fetch the version; null in builds recorded before it. */
    private final VersionLocationFields location;
    private final TreeMap<String, Double> metrics;
    /** Compact history by metric name; null in builds recorded before charts. */
    private final TreeMap<String, String> history;
    private final int unchartedMetrics;

    private ModelSummary(TrainingResult result) {
        RegisteredModel registered = result.model();
        registry = registered.registry();
        model = registered.modelName();
        version = registered.version();
        uri = registered.uri();
        digest = registered.digest();
        image = result.manifest().image() == null ? null : result.manifest().image().describe();
        imageDigest = result.manifest().image() == null ? null : result.manifest().image().digest();
        metrics = new TreeMap<>(result.manifest().metrics());
        location = new VersionLocationFields(VersionLocation.of(registered));
        history = new TreeMap<>();
        Map<String, MetricSeries> series = MetricSeries.of(result.history());
        series.values().stream().limit(MAX_CHARTED_METRICS)
                .forEach(s -> history.put(s.key(), s.downsampled(MAX_POINTS).toCompactText()));
        unchartedMetrics = series.size() - history.size();
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

    /** The MLflow UI page of the version, or null. */
    public String getWebUrl() { return location == null ? null : location.webUrl; }

    /** The MLflow UI page of the run that logged the version, or null. */
    public String getRunUrl() { return location == null ? null : location.runUrl; }

    /** {@code host/repository@sha256:…} of an OCI version, or null. */
    public String getPullReference() { return location == null ? null : location.pullReference; }

    /** {@code host/repository:tag} of an OCI version, or null. */
    public String getTagReference() { return location == null ? null : location.tagReference; }

    /** The directory of a local registry's version, on the agent that trained it; or null. */
    public String getDirectory() { return location == null ? null : location.directory; }

    public String getImage() { return image; }

    public String getImageDigest() { return imageDigest; }

    /** The final metrics, sorted by name. */
    public Map<String, Double> getMetrics() { return Collections.unmodifiableMap(metrics); }

    /**
     * One SVG chart per metric with a history, by name; the markup is the engine's {@link MetricChart}, which
     * escapes the metric names, so the page writes it as is.
     */
    public List<String> getCharts() {
        if (history == null) {
            return List.of();
        }
        MetricChart chart = MetricChart.small();
        return history.entrySet().stream()
                .map(e -> chart.svg(MetricSeries.fromCompactText(e.getKey(), e.getValue())))
                .toList();
    }

    /** How many metrics with a history were left out of the charts ({@link #MAX_CHARTED_METRICS}). */
    public int getUnchartedMetrics() { return unchartedMetrics; }

    /** {@link VersionLocation} in plain fields, so that build.xml does not depend on the engine's record. */
    private static final class VersionLocationFields implements Serializable {

        private static final long serialVersionUID = 1L;

        private final String webUrl;
        private final String runUrl;
        private final String pullReference;
        private final String tagReference;
        private final String directory;

        VersionLocationFields(VersionLocation l) {
            webUrl = l.webUrl();
            runUrl = l.runUrl();
            pullReference = l.pullReference();
            tagReference = l.tagReference();
            directory = l.directory();
        }
    }
}
