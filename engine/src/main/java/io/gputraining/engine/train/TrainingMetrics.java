package io.gputraining.engine.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gputraining.engine.EngineException;
import io.gputraining.engine.registry.ModelPublication.MetricPoint;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the training script reports in {@code $GPU_TRAINING_OUTPUT_DIR/metrics.json} (documented in
 * docs/run-manifest.md): {@code params} (any JSON scalars, kept as strings), {@code metrics} (numbers) and
 * {@code history} (a list of {@code {key, value, step, timestamp}}). Absent file: all empty.
 */
public record TrainingMetrics(Map<String, String> params, Map<String, Double> metrics, List<MetricPoint> history)
        implements Serializable {

    public TrainingMetrics {
        params = Map.copyOf(params);
        metrics = Map.copyOf(metrics);
        history = List.copyOf(history);
    }

    public static TrainingMetrics none() {
        return new TrainingMetrics(Map.of(), Map.of(), List.of());
    }

    /** Reads the file when present; a malformed file is an error that names what is wrong. */
    public static TrainingMetrics read(Path file) {
        if (!Files.isRegularFile(file)) {
            return none();
        }
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            if (e instanceof JsonProcessingException j && String.valueOf(j.getOriginalMessage()).startsWith("Non-standard token")) {
                // Python's json.dump writes NaN and Infinity by default: a diverged loss reads as broken JSON otherwise
                String where = j.getLocation() == null ? ""
                        : " at line " + j.getLocation().getLineNr() + ", column " + j.getLocation().getColumnNr();
                throw new EngineException("The training wrote " + file + " with a NaN or Infinity value" + where
                        + ": Python's json.dump writes them for a diverged or overflowing metric, but JSON has no such numbers."
                        + " Check the training for divergence; leave non-finite values out of metrics and history"
                        + " (json.dump(..., allow_nan=False) shows where they come from).", e);
            }
            throw new EngineException("The training wrote " + file + " but it is not valid JSON (" + e.getMessage()
                    + "). Write {\"params\": {...}, \"metrics\": {...}, \"history\": [...]} or remove the file.", e);
        }
        Map<String, String> params = new TreeMap<>();
        fields(root.path("params")).forEachRemaining(e -> params.put(e.getKey(), e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString()));
        Map<String, Double> metrics = new TreeMap<>();
        fields(root.path("metrics")).forEachRemaining(e -> {
            if (!e.getValue().isNumber()) {
                throw new EngineException("Metric '" + e.getKey() + "' in " + file + " is not a number: " + e.getValue());
            }
            metrics.put(e.getKey(), e.getValue().asDouble());
        });
        List<MetricPoint> history = new ArrayList<>();
        for (JsonNode point : root.path("history")) {
            if (!point.path("key").isTextual() || !point.path("value").isNumber()) {
                throw new EngineException("A history entry in " + file + " needs a text 'key' and a numeric 'value': " + point);
            }
            history.add(new MetricPoint(point.get("key").asText(), point.get("value").asDouble(), point.path("step").asLong(history.size()),
                    point.path("timestamp").asLong(System.currentTimeMillis())));
        }
        return new TrainingMetrics(params, metrics, history);
    }

    private static Iterator<Map.Entry<String, JsonNode>> fields(JsonNode node) {
        return node.isObject() ? node.fields() : java.util.Collections.emptyIterator();
    }
}
