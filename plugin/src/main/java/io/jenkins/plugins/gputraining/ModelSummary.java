package io.jenkins.plugins.gputraining;

import io.gputraining.engine.registry.RegisteredModel;
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
        image = result.manifest().image() == null ? null : result.manifest().image().pinned();
        imageDigest = result.manifest().image() == null ? null : result.manifest().image().digest();
        metrics = new TreeMap<>(result.manifest().metrics());
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
}
