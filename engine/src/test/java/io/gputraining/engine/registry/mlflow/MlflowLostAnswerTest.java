package io.gputraining.engine.registry.mlflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.gputraining.engine.registry.RegisteredModel;
import io.gputraining.engine.testing.Fault;
import io.gputraining.engine.testing.FaultPlan;
import io.gputraining.engine.testing.FaultProxy;
import io.gputraining.engine.testing.ProxiedRequest;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Calls that the server carried out but whose answer never arrived (a gateway timing out, a connection
 * reset after the request): the retry must not make a second run or version next to the first.
 */
class MlflowLostAnswerTest {

    @TempDir
    Path output;

    private MlflowServer server;
    private FaultProxy proxy;
    private String experiment;
    private String model;
    private TrainingOutput training;

    @BeforeEach
    void setUp() throws Exception {
        server = new MlflowServer();
        proxy = FaultProxy.start(server.url());
        experiment = MlflowServer.unique("lost-answer-test");
        model = MlflowServer.unique("classifier");
        training = new TrainingOutput(output).random("weights.pt", 50_000).text("config.json", "{}");
    }

    @AfterEach
    void tearDown() {
        proxy.close();
    }

    @Test
    void aRunCreatedWhoseAnswerWasLostIsTheRunTheRetryUses() throws Exception {
        proxy.plan(FaultPlan.onMatching(ProxiedRequest.matching("POST", ".*/runs/create"), 1, 1, Fault.answerAfterForwarding(502)));

        RegisteredModel registered = new MlflowModelRegistry(server.settings(proxy.url(), experiment))
                .register(training.publication(model, "k1", null), new RecordingLog(), new RecordingLog());

        assertThat(proxy.injections()).hasSize(1);
        assertThat(server.runsWithKey(experiment, "k1")).singleElement()
                .satisfies(run -> assertThat(run.path("info").path("status").asText()).isEqualTo("FINISHED"))
                .satisfies(run -> assertThat(run.path("info").path("run_id").asText()).isEqualTo(registered.details().get("run_id")));
    }

    @Test
    void aVersionCreatedWhoseAnswerWasLostIsTheOnlyVersionAndGetsTheAlias() throws Exception {
        proxy.plan(FaultPlan.onMatching(ProxiedRequest.matching("POST", ".*/model-versions/create"), 1, 1,
                Fault.answerAfterForwarding(502)));

        RegisteredModel registered = new MlflowModelRegistry(server.settings(proxy.url(), experiment))
                .register(training.publication(model, "k2", "candidate"), new RecordingLog(), new RecordingLog());

        assertThat(proxy.injections()).hasSize(1);
        assertThat(server.versionsOf(model)).singleElement()
                .satisfies(v -> assertThat(v.path("version").asText()).isEqualTo(registered.version()))
                .satisfies(v -> assertThat(v.path("status").asText()).isEqualTo("READY"));
        assertThat(server.get("/api/2.0/mlflow/registered-models/alias", java.util.Map.of("name", model, "alias", "candidate"))
                .path("model_version").path("version").asText()).isEqualTo(registered.version());
    }
}
