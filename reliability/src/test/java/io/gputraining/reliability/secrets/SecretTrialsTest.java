package io.gputraining.reliability.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.command.InspectContainerResponse;
import io.gputraining.engine.docker.DockerImages;
import io.gputraining.engine.docker.DockerTestSupport;
import io.gputraining.engine.image.ImageRequest;
import io.gputraining.engine.image.ManifestDigestResolver;
import io.gputraining.engine.image.RegistryAuth;
import io.gputraining.engine.preflight.host.HostGpuProbe;
import io.gputraining.engine.registry.ModelRegistries;
import io.gputraining.engine.registry.ModelRegistryConfig;
import io.gputraining.engine.runtime.ContainerSession;
import io.gputraining.engine.runtime.ContainerSpec;
import io.gputraining.engine.runtime.ExecSpec;
import io.gputraining.engine.runtime.GpuRequest;
import io.gputraining.engine.runtime.HostUser;
import io.gputraining.engine.testing.RecordingSink;
import io.gputraining.engine.testing.TestEnvironment;
import io.gputraining.engine.train.TrainingFlow;
import io.gputraining.engine.train.TrainingRequest;
import io.gputraining.reliability.Figures;
import io.gputraining.reliability.Trials;
import io.gputraining.reliability.container.ChildCli;
import io.gputraining.reliability.container.OurDaemon;
import io.gputraining.reliability.input.RegistryState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Distinctive secrets (the MLflow password, an OCI registry password, a token in the training's environment, a
 * wrong password) given the ways users give them, then searched for in everything the run produced: the CLI's
 * stdout and stderr (the engine's LogSink text), exception messages and causes, {@code docker inspect} of the
 * training container taken while it runs (Env, Labels, Cmd and the rest), and what the registry stores (MLflow
 * params, tags and the run manifest; the OCI manifest, its annotations and blobs).
 */
class SecretTrialsTest {

    @RegisterExtension
    static final OurDaemon DAEMON = new OurDaemon();
    private final Figures figures = Figures.of("secrets");
    private final RegistryState registries = new RegistryState();
    private final String token = "relc-token-" + random();

    @TempDir
    Path dir;

    @Test
    void aTrainingRegisteredInMlflowLeaksNeitherThePasswordNorTheEnvToken() throws Exception {
        for (int trial = 0; trial < Trials.count(1, 3); trial++) {
            String model = "rel-secrets-" + random();
            Path ws = workspace("mlflow-" + trial);
            SecretSearch search = new SecretSearch(Map.of("MLflow password", TestEnvironment.mlflowPassword(), "training token", token));
            ChildCli.Result r = trainWhileInspecting(search, ws, Map.of("RELC_MLFLOW_PASSWORD", TestEnvironment.mlflowPassword()),
                    "--model", model, "--registry", "mlflow:" + TestEnvironment.mlflowUrl(), "--registry-user", TestEnvironment.mlflowUser(),
                    "--registry-password-env", "RELC_MLFLOW_PASSWORD");
            search.in("MLflow versions, runs, params, tags, run manifest", registries.mlflowEverything(model));
            judge("train → MLflow", r, 0, search);
        }
    }

    @Test
    void aTrainingRegisteredInTheOciRegistryLeaksNeitherThePasswordNorTheEnvToken() throws Exception {
        for (int trial = 0; trial < Trials.count(1, 3); trial++) {
            String model = "rel-secrets-" + random();
            String password = "relc-oci-" + random();
            Path ws = workspace("oci-" + trial);
            SecretSearch search = new SecretSearch(Map.of("OCI password", password, "training token", token));
            ChildCli.Result r = trainWhileInspecting(search, ws, Map.of("RELC_OCI_PASSWORD", password), "--model", model,
                    "--registry", "oci:" + TestEnvironment.registry() + "/rel-secrets", "--registry-user", "relc",
                    "--registry-password-env", "RELC_OCI_PASSWORD");
            search.in("OCI manifest, annotations and blobs", registries.ociVersion("rel-secrets/" + model, "1"));
            judge("train → OCI", r, 0, search);
        }
    }

    @Test
    void aWrongPasswordIsRefusedWithoutBeingRepeated() throws Exception {
        for (int trial = 0; trial < Trials.count(1, 3); trial++) {
            String model = "rel-secrets-" + random();
            String wrong = "relc-wrong-" + random();
            Path ws = workspace("wrong-" + trial);
            SecretSearch search = new SecretSearch(Map.of("wrong MLflow password", wrong, "training token", token));
            ChildCli.Result r = trainWhileInspecting(search, ws, Map.of("RELC_MLFLOW_PASSWORD", wrong), "--model", model,
                    "--registry", "mlflow:" + TestEnvironment.mlflowUrl(), "--registry-user", TestEnvironment.mlflowUser(),
                    "--registry-password-env", "RELC_MLFLOW_PASSWORD");
            search.in("MLflow", registries.mlflowModel(model));
            judge("wrong MLflow password (CLI)", r, 203, search);
        }
    }

    @Test
    void theEngineKeepsSecretsOutOfItsExceptionsAndLog() throws Exception {
        String wrong = "relc-wrong-" + random();
        Path ws = workspace("engine");
        String owner = DockerTestSupport.uniqueOwner();
        TrainingRequest request = TrainingRequest.builder().image(ImageRequest.of(TestEnvironment.torchImage()))
                .command(List.of("python3", "train.py")).workspace(ws.toString()).env(Map.of("HF_TOKEN", token))
                .gpus(GpuRequest.none()).preflight(null).artifacts(List.of("model.pt")).modelName("rel-secrets-" + random())
                .owner(owner).user(HostUser.current()).gpuLockDirectory(dir.resolve("locks").toString()).gpuWait(Duration.ZERO)
                .build();
        ModelRegistryConfig config = ModelRegistryConfig.parse("mlflow:" + TestEnvironment.mlflowUrl(),
                RegistryAuth.usernamePassword(TestEnvironment.mlflowUser(), wrong));
        RecordingSink log = new RecordingSink();
        SecretSearch search = new SecretSearch(Map.of("wrong MLflow password", wrong, "training token", token));
        Throwable thrown = null;
        try {
            new TrainingFlow(DAEMON.runtime(), new DockerImages(DAEMON.runtime().client(), ManifestDigestResolver.withDefaults()),
                    HostGpuProbe.at(dir.resolve("no-nvidia-smi")), ModelRegistries.open(config)).run(request, log, p -> { });
        } catch (Exception e) {
            thrown = e;
        }
        search.in("LogSink", log.events().stream().map(RecordingSink.Event::text).collect(java.util.stream.Collectors.joining("\n"))).in("registry config", config.toString())
                .in("request", request.toString());
        List<String> problems = new ArrayList<>();
        if (!(thrown instanceof io.gputraining.engine.registry.ModelRegistryException)) {
            problems.add("expected the registry to refuse the wrong password, got " + thrown);
        }
        if (thrown != null) {
            search.in("exception chain", SecretSearch.chainOf(thrown));
        }
        problems.addAll(search.leaks());
        figures.judge("wrong MLflow password (engine API)", problems, search.searched());
        assertThat(problems).isEmpty();
    }

    @Test
    void theRunCommandKeepsItsEnvironmentOutOfDockerInspect() throws Exception {
        for (int trial = 0; trial < Trials.count(1, 3); trial++) {
            Path ws = workspace("run-" + trial);
            SecretSearch search = new SecretSearch(Map.of("command token", token));
            ChildCli.Running cli = ChildCli.in(dir.resolve("cli")).withEnv(Map.of("HF_TOKEN", token)).start(List.of("run", "--image", TestEnvironment.smallImage(),
                    "--gpus", "none", "--workspace", ws.toString(), "-e", "HF_TOKEN", "--", "sh", "-c",
                    "test -n \"$HF_TOKEN\" && echo token present && sleep 3"));
            inspect(cli, search);
            ChildCli.Result r = cli.await(60);
            search.in("stdout", r.stdout()).in("stderr", r.stderr());
            List<String> problems = new ArrayList<>(search.leaks());
            if (r.exitCode() != 0 || !r.stdout().contains("token present")) {
                problems.add("the command did not get its environment: exit " + r.exitCode() + ", " + r.stdout());
            }
            figures.judge("run -e NAME", problems, search.searched());
            assertThat(problems).isEmpty();
        }
    }

    @Test
    void aSessionExecKeepsItsEnvironmentOutOfDockerInspect() throws Exception {
        for (int trial = 0; trial < Trials.count(1, 3); trial++) {
            SecretSearch search = new SecretSearch(Map.of("exec token", token));
            ContainerSpec spec = ContainerSpec.builder(TestEnvironment.smallImage()).command("sleep", "infinity")
                    .owner(DockerTestSupport.uniqueOwner()).build();
            RecordingSink log = new RecordingSink();
            int exit;
            try (ContainerSession session = DAEMON.runtime().start(spec, log)) {
                java.util.concurrent.CompletableFuture<Integer> exec = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                    try {
                        return session.exec(new ExecSpec(List.of("sh", "-c", "test -n \"$HF_TOKEN\" && echo token present && sleep 2"),
                                Map.of("HF_TOKEN", token), null, null), log);
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                });
                search.in("docker inspect of the session and its execs", inspectWithExecs(session.id(), exec));
                exit = exec.get(60, java.util.concurrent.TimeUnit.SECONDS);
            }
            search.in("LogSink", log.events().stream().map(RecordingSink.Event::text).collect(java.util.stream.Collectors.joining("\n")));
            List<String> problems = new ArrayList<>(search.leaks());
            if (exit != 0 || !log.text(io.gputraining.engine.LogSink.OutputStreamKind.STDOUT).contains("token present")) {
                problems.add("the exec did not get its environment: exit " + exit);
            }
            figures.judge("session exec with env", problems, search.searched());
            assertThat(problems).isEmpty();
        }
    }

    /** The container's inspect and each of its execs', taken while an exec runs. */
    private static String inspectWithExecs(String id, java.util.concurrent.Future<Integer> exec) throws Exception {
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < 400 && !exec.isDone() && all.length() == 0; i++) {
            InspectContainerResponse inspect = DAEMON.runtime().client().inspectContainerCmd(id).exec();
            if (inspect.getExecIds() != null && !inspect.getExecIds().isEmpty()) {
                all.append(json(inspect));
                for (String execId : inspect.getExecIds()) {
                    all.append('\n').append(new ObjectMapper().writeValueAsString(
                            DAEMON.runtime().client().inspectExecCmd(execId).exec()));
                }
            }
            Thread.sleep(10);
        }
        return all.length() == 0 ? "NOT SEEN" : all.toString();
    }

    private ChildCli.Result trainWhileInspecting(SecretSearch search, Path ws, Map<String, String> env, String... registryArgs)
            throws Exception {
        List<String> args = new ArrayList<>(List.of("train", "--image", TestEnvironment.torchImage(), "--gpus", "none",
                "--no-preflight", "--workspace", ws.toString(), "--artifacts", "model.pt", "-e", "HF_TOKEN"));
        args.addAll(List.of(registryArgs));
        args.addAll(List.of("--", "python3", "train.py"));
        Map<String, String> withToken = new java.util.HashMap<>(env);
        withToken.put("HF_TOKEN", token);
        ChildCli.Running cli = ChildCli.in(dir.resolve("cli")).withEnv(withToken).start(args);
        inspect(cli, search);
        ChildCli.Result r = cli.await(120);
        search.in("stdout", r.stdout()).in("stderr", r.stderr());
        Files.walk(ws).filter(p -> p.getFileName().toString().equals("run-manifest.json"))
                .forEach(p -> search.in("run manifest", read(p)));
        return r;
    }

    /** docker inspect of the CLI's container while it runs, and the CLI's own command line (what ps shows). */
    private void inspect(ChildCli.Running cli, SecretSearch search) throws Exception {
        // What ps shows every user of the host (ProcessHandle.info() cuts it at 4096 characters; /proc does not).
        search.in("CLI command line", new String(Files.readAllBytes(Path.of("/proc", Long.toString(cli.pid()), "cmdline")),
                java.nio.charset.StandardCharsets.UTF_8).replace('\0', ' '));
        Optional<InspectContainerResponse> inspect = DAEMON.containers().awaitRunningOfProcess(cli.pid(), 60_000);
        search.in("docker inspect", inspect.map(SecretTrialsTest::json).orElse(""));
        if (inspect.isEmpty()) {
            search.in("docker inspect", "NOT SEEN");
        }
    }

    private void judge(String scenario, ChildCli.Result r, int exitCode, SecretSearch search) {
        List<String> problems = new ArrayList<>(search.leaks());
        if (r.exitCode() != exitCode) {
            problems.add("exit " + r.exitCode() + " instead of " + exitCode + ": " + r.stderr().strip());
        }
        if (exitCode == 0 && !r.stdout().contains("token present")) {
            problems.add("the training did not get its token");
        }
        if (!DAEMON.containers().ofProcess(r.pid()).isEmpty()) {
            problems.add("container left");
            DAEMON.containers().removeAll(DAEMON.containers().ofProcess(r.pid()));
        }
        figures.judge(scenario, problems, search.searched());
        assertThat(problems).isEmpty();
    }

    private Path workspace(String name) throws Exception {
        Path ws = OurDaemon.workspace(dir, name);
        // Proves the token arrived without printing it; sleeps so the running container can be inspected.
        Files.writeString(ws.resolve("train.py"), "import os, time\n"
                + "assert os.environ['HF_TOKEN'].startswith('relc-token-')\n"
                + "print('token present', flush=True)\n"
                + "time.sleep(3)\n"
                + "open(os.path.join(os.environ['GPU_TRAINING_OUTPUT_DIR'], 'model.pt'), 'wb').write(b'weights')\n");
        return ws;
    }

    private static String json(InspectContainerResponse inspect) {
        try {
            return new ObjectMapper().writeValueAsString(inspect);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String random() {
        return HexFormat.of().formatHex(UUID.randomUUID().toString().getBytes(), 0, 8);
    }
}
