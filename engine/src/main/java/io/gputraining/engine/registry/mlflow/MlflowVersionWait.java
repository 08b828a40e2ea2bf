package io.gputraining.engine.registry.mlflow;

import io.gputraining.engine.EngineException;
import java.time.Duration;
import java.util.Map;

/** Waits until a new model version is READY; FAILED_REGISTRATION or the timeout fail with the server's reason. */
final class MlflowVersionWait {

    private final MlflowClient client;
    private final Duration timeout;

    MlflowVersionWait(MlflowClient client, Duration timeout) {
        this.client = client;
        this.timeout = timeout;
    }

    void awaitReady(String name, String version) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long sleep = 100;
        while (true) {
            var mv = client.get("api/2.0/mlflow/model-versions/get", Map.of("name", name, "version", version)).path("model_version");
            String status = mv.path("status").asText("READY");
            if (status.equals("READY")) {
                return;
            }
            if (status.equals("FAILED_REGISTRATION")) {
                throw new EngineException("MLflow could not register " + name + " version " + version + ": "
                        + mv.path("status_message").asText("no reason given"));
            }
            if (System.nanoTime() > deadline) {
                throw new EngineException(name + " version " + version + " was still " + status + " after " + timeout.toSeconds() + " s.");
            }
            Thread.sleep(sleep);
            sleep = Math.min(2000, sleep * 2);
        }
    }
}
