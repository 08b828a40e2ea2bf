package io.gputraining.engine.registry.mlflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.gputraining.engine.LogSink;
import io.gputraining.engine.ProgressListener;
import io.gputraining.engine.registry.ModelRegistries;
import io.gputraining.engine.registry.ModelRegistryConfig;
import io.gputraining.engine.registry.mlflow.MlflowSettings.Verification;
import io.gputraining.engine.testing.FaultProxy;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What each verification mode asks of the server, seen by a proxy in front of the real one. */
class MlflowVerificationTest {

    private static final String DOWNLOAD = "GET /api/2.0/mlflow-artifacts/artifacts/";
    private static final String LISTING = "GET /api/2.0/mlflow-artifacts/artifacts";

    @TempDir
    Path output;

    private MlflowServer server;
    private FaultProxy proxy;
    private TrainingOutput training;

    @BeforeEach
    void setUp() throws Exception {
        server = new MlflowServer();
        proxy = FaultProxy.start(server.url());
        training = new TrainingOutput(output).random("a/one.pt", 10_000).random("a/two.pt", 20_000).text("b/three.json", "{}");
    }

    @AfterEach
    void tearDown() {
        proxy.close();
    }

    @Test
    void readBackDownloadsEveryFileOnceAndListsEachDirectoryOnce() throws Exception {
        register(Verification.READ_BACK);

        assertThat(proxy.requestPaths()).filteredOn(r -> r.startsWith(DOWNLOAD)).hasSize(4); // three files and the manifest
        assertThat(proxy.requestPaths()).filteredOn(r -> r.equals(LISTING)).hasSize(3); // model/a, model/b, model
    }

    @Test
    void sizeVerificationOnlyLists() throws Exception {
        register(Verification.SIZE);

        assertThat(proxy.requestPaths()).filteredOn(r -> r.startsWith(DOWNLOAD)).isEmpty();
        assertThat(proxy.requestPaths()).filteredOn(r -> r.equals(LISTING)).hasSize(3);
    }

    @Test
    void theDefaultChecksSizesAndReadsNothingBack() throws Exception {
        new MlflowModelRegistry(server.settings(proxy.url(), MlflowServer.unique("verification-test")))
                .register(training.publication(MlflowServer.unique("verified"), "k", null), LogSink.discarding(), ProgressListener.ignoring());

        assertThat(MlflowSettings.DEFAULT_VERIFICATION).isEqualTo(Verification.SIZE);
        assertThat(proxy.requestPaths()).filteredOn(r -> r.startsWith(DOWNLOAD)).isEmpty();
        assertThat(proxy.requestPaths()).filteredOn(r -> r.equals(LISTING)).hasSize(3);
    }

    @Test
    void aRegistryOpenedFromItsConfigurationReadsBackWhenConfiguredTo() throws Exception {
        ModelRegistryConfig config = new ModelRegistryConfig(ModelRegistryConfig.Kind.MLFLOW, proxy.url(), server.auth())
                .withMlflowVerification(Verification.READ_BACK);

        ModelRegistries.open(config).register(training.publication(MlflowServer.unique("verified"), "k", null),
                LogSink.discarding(), ProgressListener.ignoring());

        assertThat(proxy.requestPaths()).filteredOn(r -> r.startsWith(DOWNLOAD)).hasSize(4);
    }

    private void register(Verification verification) throws InterruptedException {
        MlflowSettings settings = server.settings(proxy.url(), MlflowServer.unique("verification-test")).withVerification(verification);
        new MlflowModelRegistry(settings).register(training.publication(MlflowServer.unique("verified"), "k", null),
                LogSink.discarding(), ProgressListener.ignoring());
    }
}
