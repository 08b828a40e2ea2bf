package io.gputraining.engine.registry.mlflow;

import io.gputraining.engine.testing.Fault;
import io.gputraining.engine.testing.FaultPlan;
import io.gputraining.engine.testing.ProxiedRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A fault plan for MLflow artifact uploads ({@code PUT /api/2.0/mlflow-artifacts/artifacts/…}) that decides by
 * which file is uploaded and the how-many-th try of it this is; every other request passes.
 */
final class ArtifactUploadFaults implements FaultPlan {

    private static final String ARTIFACT_PREFIX = "/api/2.0/mlflow-artifacts/artifacts/";

    /** Decides per upload: {@code ordinal} counts distinct uploaded paths from 1, {@code attempt} the tries of one. */
    @FunctionalInterface
    interface Rule {
        Fault on(int ordinal, int attempt);
    }

    private final Rule rule;
    private final Map<String, Integer> attempts = new LinkedHashMap<>();

    ArtifactUploadFaults(Rule rule) {
        this.rule = rule;
    }

    @Override
    public synchronized Fault faultFor(ProxiedRequest request) {
        if (!request.method().equals("PUT") || !request.rawPath().startsWith(ARTIFACT_PREFIX)) {
            return Fault.pass();
        }
        String path = request.rawPath().substring(ARTIFACT_PREFIX.length());
        int attempt = attempts.merge(path, 1, Integer::sum);
        int ordinal = new ArrayList<>(attempts.keySet()).indexOf(path) + 1;
        return rule.on(ordinal, attempt);
    }

    /** How often each artifact path (after the proxy prefix) was uploaded, in the order first seen. */
    synchronized Map<String, Integer> attempts() {
        return new LinkedHashMap<>(attempts);
    }
}
