package io.gputraining.engine.registry.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.gputraining.engine.http.RetryPolicy;
import io.gputraining.engine.image.RegistryAuth;
import io.gputraining.engine.registry.ModelPublication;
import io.gputraining.engine.registry.ModelRegistryException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Credentials and reachability: what a user reads when the server refuses them or is not there. */
class MlflowAccessTest {

    @TempDir
    Path output;

    private MlflowServer server;
    private ModelPublication publication;
    private final RecordingLog log = new RecordingLog();

    @BeforeEach
    void setUp() throws Exception {
        server = new MlflowServer();
        publication = new TrainingOutput(output).text("model.pt", "weights")
                .publication(MlflowServer.unique("access"), "key-1", null);
    }

    @Test
    void aWrongPasswordIsRefusedNamingTheUserButNeverThePassword() {
        MlflowSettings settings = MlflowSettings.of(server.url(), RegistryAuth.usernamePassword("admin", "wrong-secret-x"))
                .withExperiment(MlflowServer.unique("access-test"));

        assertThatThrownBy(() -> new MlflowModelRegistry(settings).register(publication, log, log))
                .isInstanceOf(ModelRegistryException.class)
                .hasMessageContaining("answered 401")
                .hasMessageContaining("refused user 'admin'; check that user and secret")
                .hasMessageContaining("Nothing was uploaded")
                .hasMessageNotContaining("wrong-secret-x");
        assertThat(log.messages()).noneMatch(m -> m.contains("wrong-secret-x"));
    }

    @Test
    void aUserWhoMayOnlyReadTheExperimentIsToldWhichPermissionToAskFor() throws Exception {
        String experiment = MlflowServer.unique("access-test");
        server.post("/api/2.0/mlflow/experiments/create", Map.of("name", experiment));
        String reader = MlflowServer.unique("reader");
        // The server's default permission is READ: a new user may read the admin's experiment, not log runs in it.
        server.post("/api/2.0/mlflow/users/create", Map.of("username", reader, "password", "reader-pass-123"));
        MlflowSettings settings = MlflowSettings.of(server.url(), RegistryAuth.usernamePassword(reader, "reader-pass-123"))
                .withExperiment(experiment);

        assertThatThrownBy(() -> new MlflowModelRegistry(settings).register(publication, log, log))
                .isInstanceOf(ModelRegistryException.class)
                .hasMessageContaining("failed while creating a run")
                .hasMessageContaining("answered 403")
                .hasMessageContaining("does not allow user '" + reader + "' to do this; ask its administrator for EDIT");
    }

    @Test
    void noCredentialsAtAServerThatNeedsThemSaysSo() {
        MlflowSettings settings = MlflowSettings.of(server.url(), RegistryAuth.anonymous());

        assertThatThrownBy(() -> new MlflowModelRegistry(settings).find(publication.modelName(), "key-1"))
                .isInstanceOf(ModelRegistryException.class)
                .hasMessageContaining("answered 401")
                .hasMessageContaining("requires credentials; configure a user and password or a token");
    }

    @Test
    void anUnreachableServerIsNamedAfterTheRetries() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        MlflowSettings settings = server.settings("http://127.0.0.1:" + closedPort, "never-created");

        assertThatThrownBy(() -> new MlflowModelRegistry(settings).register(publication, log, log))
                .isInstanceOf(ModelRegistryException.class)
                .hasMessageContaining("no connection to http://127.0.0.1:" + closedPort)
                .hasMessageContaining("check that the MLflow server runs");
        assertThat(log.messages()).filteredOn(m -> m.contains("attempt")).hasSize(2);
    }

    @Test
    void aTokenIsSentAsBearerAndNeverShown() throws Exception {
        List<String> authorizations = new CopyOnWriteArrayList<>();
        HttpServer refusing = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
        refusing.createContext("/", exchange -> {
            authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
            exchange.sendResponseHeaders(401, -1);
            exchange.close();
        });
        refusing.start();
        try {
            MlflowSettings settings = MlflowSettings.of("http://127.0.0.1:" + refusing.getAddress().getPort(),
                    RegistryAuth.bearerToken("tok-123-secret")).withRetry(RetryPolicy.once());

            assertThatThrownBy(() -> new MlflowModelRegistry(settings).find("any", "key"))
                    .hasMessageContaining("refused a bearer token")
                    .hasMessageNotContaining("tok-123-secret");
            assertThat(authorizations).containsExactly("Bearer tok-123-secret");
        } finally {
            refusing.stop(0);
        }
    }
}
