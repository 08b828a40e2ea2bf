package io.gputraining.controller;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;

/** MLflow's {@code [{"key": …, "value": …}]} lists (tags, params, metrics) as maps. */
final class MlflowPairs {

    private MlflowPairs() {
    }

    static Map<String, String> of(JsonNode pairs) {
        Map<String, String> map = new HashMap<>();
        pairs.forEach(p -> map.put(p.path("key").asText(), p.path("value").asText()));
        return map;
    }
}
