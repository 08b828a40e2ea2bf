package io.gputraining.engine.registry.mlflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.gputraining.engine.LogSink;
import io.gputraining.engine.ProgressListener;
import io.gputraining.engine.registry.ModelPublication;
import io.gputraining.engine.registry.RegisteredModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The idempotency key decides whether a registration makes a new version, checked in the real server. */
class MlflowIdempotencyTest {

    @TempDir
    Path output;

    private MlflowServer server;
    private MlflowModelRegistry registry;
    private TrainingOutput training;
    private String model;

    @BeforeEach
    void setUp() throws Exception {
        server = new MlflowServer();
        registry = new MlflowModelRegistry(server.settings(MlflowServer.unique("idempotency-test")));
        training = new TrainingOutput(output).random("model.pt", 64 * 1024).text("config.json", "{}");
        model = MlflowServer.unique("ranker");
    }

    @Test
    void theSameKeyReturnsTheExistingVersionWithoutCreatingAnother() throws Exception {
        ModelPublication publication = training.publication(model, "build-41", null);
        RegisteredModel first = register(publication);
        RecordingLog log = new RecordingLog();

        RegisteredModel again = registry.register(publication, log, log);

        assertThat(again).isEqualTo(first);
        assertThat(server.versionsOf(model)).hasSize(1);
        assertThat(log.messages()).anyMatch(m -> m.contains("already registered"));
        assertThat(log.progress()).isEmpty();
    }

    @Test
    void aNewKeyCreatesTheNextVersion() throws Exception {
        register(training.publication(model, "build-41", null));

        RegisteredModel second = register(training.publication(model, "build-42", null));

        assertThat(second.version()).isEqualTo("2");
        assertThat(server.versionsOf(model)).extracting(v -> v.path("version").asText()).containsExactlyInAnyOrder("1", "2");
    }

    @Test
    void findReturnsTheVersionRegisteredUnderAKey() throws Exception {
        register(training.publication(model, "build-41", null));
        RegisteredModel second = register(training.publication(model, "build-42", null));

        assertThat(registry.find(model, "build-42")).contains(second);
    }

    @Test
    void findIsEmptyForAKeyNeverRegistered() throws Exception {
        register(training.publication(model, "build-41", null));

        assertThat(registry.find(model, "build-4")).isEmpty();
        assertThat(registry.find(MlflowServer.unique("never-registered"), "build-41")).isEmpty();
    }

    @Test
    void keysWithQuotesAndBackslashesAreMatchedExactly() throws Exception {
        // MLflow's filter grammar cannot quote these: the registry searches with LIKE and checks each hit.
        RegisteredModel quoted = register(training.publication(model, "it's \"a\\b\"", null));
        register(training.publication(model, "it_s \"a_b\"", null));

        assertThat(registry.find(model, "it's \"a\\b\"")).contains(quoted);
        assertThat(registry.find(model, "IT'S \"A\\B\"")).isEmpty();
    }

    @Test
    void concurrentRegistrationsWithTheSameKeyEndWithOneVersion() throws Exception {
        ModelPublication publication = training.publication(model, "build-43", null);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<RegisteredModel>> attempts = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                attempts.add(pool.submit(() -> register(publication)));
            }
            Set<String> versions = new HashSet<>();
            for (Future<RegisteredModel> attempt : attempts) {
                versions.add(attempt.get(2, TimeUnit.MINUTES).version());
            }

            assertThat(versions).hasSize(1);
            assertThat(server.versionsOf(model)).extracting(v -> v.path("version").asText()).containsExactlyElementsOf(versions);
        } finally {
            pool.shutdownNow();
        }
    }

    private RegisteredModel register(ModelPublication publication) throws InterruptedException {
        return registry.register(publication, LogSink.discarding(), ProgressListener.ignoring());
    }
}
