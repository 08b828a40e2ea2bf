package io.jenkins.plugins.gputraining;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import hudson.EnvVars;
import hudson.FilePath;
import hudson.model.TaskListener;
import hudson.remoting.Callable;
import hudson.remoting.VirtualChannel;
import hudson.slaves.DumbSlave;
import hudson.util.StreamTaskListener;
import io.gputraining.engine.image.RegistryAuth;
import io.gputraining.engine.preflight.PreflightReport;
import io.gputraining.engine.registry.ModelRegistryConfig;
import io.gputraining.engine.registry.RegisteredModel;
import io.gputraining.engine.steps.SiteSettings;
import io.gputraining.engine.runtime.LogChunk;
import io.gputraining.engine.runtime.LogPosition;
import io.gputraining.engine.train.Lineage;
import io.gputraining.engine.train.StartedTraining;
import io.gputraining.engine.train.TrainingProgress;
import io.gputraining.engine.train.TrainingResult;
import io.jenkins.plugins.gputraining.container.ContainerChannelValues;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import jenkins.security.MasterToSlaveCallable;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.jvnet.hudson.test.JenkinsRule;

/**
 * Everything the plugin sends to an agent and back (requests, results, the callables and their fields) and
 * everything a Pipeline keeps in {@code program.dat} can be serialized, and comes back equal: read from the declared
 * types for every serializable class of the plugin, then sent through Java serialization and through a real
 * remoting channel to an agent JVM and back. A non-serializable field fails here, not in a build.
 */
public class SerializationTest {

    @Rule
    public JenkinsRule r = new JenkinsRule();

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    /** Fields declared wider than what they hold, and why what they hold travels. */
    private static final Map<String, String> WIDER_THAN_WHAT_THEY_HOLD = Map.of(
            "ContainerExec.out", "always a RemoteOutputStream (ContainerLauncher.remote), which remoting exports",
            "ContainerExec.err", "always a RemoteOutputStream (ContainerLauncher.remote), which remoting exports");

    /** Results that cross the channel as an exported proxy, never serialized. */
    private static final Set<String> EXPORTED_RESULTS = Set.of("io.jenkins.plugins.gputraining.container.ContainerProcess");

    private static final String OWNER = "http://jenkins.example/job/train/7/";
    private static final String RUN_ID = "20261203-101530-5f0c2b9e";

    @Test
    public void everyFieldOfEverySerializableClassOfThePluginCanBeSerialized() {
        List<String> problems = new ArrayList<>();
        Set<String> roots = new TreeSet<>();
        SerializableFields walker = new SerializableFields(WIDER_THAN_WHAT_THEY_HOLD);
        for (Class<?> c : SerializableFields.pluginClasses()) {
            if (c.isInterface() || !Serializable.class.isAssignableFrom(c)) {
                continue;
            }
            roots.add(c.getSimpleName());
            problems.addAll(walker.walk(c, c.getSimpleName()));
            if (Callable.class.isAssignableFrom(c)) {
                Type result = callableResult(c);
                if (!EXPORTED_RESULTS.contains(result.getTypeName())) {
                    problems.addAll(walker.walk(result, c.getSimpleName() + " returns"));
                }
            }
        }
        assertTrue("the walk saw the callables, the executions and the launcher decorator: " + roots,
                roots.containsAll(List.of("HealthCheckOnAgent", "TrainingOnAgent", "ContainerStart", "ContainerExec",
                        "WithPytorchCudaExecution", "TrainAndRegisterExecution", "ContainerLauncherDecorator")));
        assertEquals("fields that cannot be serialized", List.of(), problems);
    }

    @Test
    public void everyValueSentToAnAgentOrBackSurvivesJavaSerialization() throws Exception {
        for (Object value : values()) {
            assertEquals(value.getClass().getSimpleName(), value, javaRoundTrip(value));
        }
    }

    /**
     * Each callable goes to an agent JVM through remoting and comes back as it left: its values equal, its listener
     * and streams still writing to the controller's.
     */
    @Test
    public void everyCallableCrossesARealChannelAndComesBackIntact() throws Exception {
        DumbSlave agent = r.createOnlineSlave();
        VirtualChannel channel = agent.getChannel();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        TaskListener listener = new StreamTaskListener(log, StandardCharsets.UTF_8);
        List<MasterToSlaveCallable<?, ?>> callables = callables(listener, log);

        Set<Class<?>> sent = new java.util.HashSet<>();
        for (MasterToSlaveCallable<?, ?> callable : callables) {
            Object back = channel.call(new Bounce<>(callable));
            sent.add(callable.getClass());
            assertSameFields(callable, back, log);
        }
        for (Object value : values()) {
            assertEquals(value.getClass().getSimpleName(), value, channel.call(new Bounce<>((Serializable) value)));
        }

        List<String> untested = SerializableFields.pluginClasses().stream()
                .filter(c -> Callable.class.isAssignableFrom(c) && !c.isInterface() && !Modifier.isAbstract(c.getModifiers()))
                .filter(c -> !sent.contains(c)).map(Class::getName).toList();
        assertEquals("callables this test does not send yet: add them to callables()", List.of(), untested);
    }

    /** The requests, results and options as the plugin makes them, every parameter set. */
    private List<Object> values() throws Exception {
        return List.of(healthCheck().settings().toRequest(site(), OWNER), trainingRequest(), runtime(), registry(), report(), result(),
                ContainerChannelValues.options(workspace(), buildEnv()), ContainerChannelValues.started(), ContainerChannelValues.session(),
                new StartedTraining(RUN_ID, "0123456789ab", report()), position(),
                new TrainingProgress(new LogChunk("epoch 1\n".getBytes(StandardCharsets.UTF_8), position(), true), true, null));
    }

    private List<MasterToSlaveCallable<?, ?>> callables(TaskListener listener, OutputStream out) throws Exception {
        List<MasterToSlaveCallable<?, ?>> all = new ArrayList<>();
        all.add(new HealthCheckOnAgent(healthCheck().settings().toRequest(site(), OWNER), runtime(), "/opt/nvidia/bin:/usr/bin", listener));
        all.add(new TrainingOnAgent(trainingRequest(), runtime(), registry(), "/opt/nvidia/bin:/usr/bin", listener));
        all.add(new TrainingStartOnAgent(trainingRequest(), RUN_ID, runtime(), registry(), "/opt/nvidia/bin:/usr/bin", listener));
        all.add(new TrainingPollOnAgent(runtime(), OWNER, RUN_ID, position(), 256 * 1024));
        all.add(new TrainingFinishOnAgent(runtime(), OWNER, RUN_ID, registry(), listener));
        all.add(new TrainingRemovalOnAgent(runtime(), OWNER, RUN_ID));
        // Private to the classes that send them: made here as those classes make them.
        all.add(privateCallable(AgentRuntime.class, "EndpointOnAgent", new Class<?>[] {AgentRuntime.class}, runtime()));
        all.add(privateCallable(LeftoverContainers.class, "DetachedOwners", new Class<?>[0]));
        all.add(privateCallable(LeftoverContainers.class, "Removal", new Class<?>[] {List.class},
                List.of(new LeftoverContainers.Detached(io.gputraining.engine.runtime.RuntimeKind.PODMAN, "0123456789ab", OWNER))));
        all.addAll(ContainerChannelValues.callables(workspace(), buildEnv(), listener, out));
        return all;
    }

    private static MasterToSlaveCallable<?, ?> privateCallable(Class<?> outer, String name, Class<?>[] types, Object... args)
            throws Exception {
        Class<?> nested = Class.forName(outer.getName() + "$" + name);
        java.lang.reflect.Constructor<?> constructor = nested.getDeclaredConstructor(types);
        constructor.setAccessible(true);
        return (MasterToSlaveCallable<?, ?>) constructor.newInstance(args);
    }

    private static io.gputraining.engine.train.TrainingRequest trainingRequest() {
        return training().settings().toRequest(site(), "/agent/ws/train", OWNER, lineage(), buildEnv());
    }

    private static LogPosition position() {
        return new LogPosition(java.time.Instant.parse("2026-12-03T10:15:30.123456789Z"), 2);
    }

    private static GpuHealthCheckStep healthCheck() {
        GpuHealthCheckStep step = new GpuHealthCheckStep();
        step.setImage("registry.example/pytorch@sha256:" + "a".repeat(64));
        step.setGpus("0,1");
        step.setMinGpus(2);
        step.setAllowCpuFallback(true);
        step.setMinFreeMemoryMiB(8000);
        step.setMaxTemperatureC(85);
        step.setRequireIdle(true);
        step.setAllowMig(true);
        step.setSkipAllReduce(true);
        step.setRequirePinned(true);
        step.setPull("never");
        step.setUnstableOnWarn(true);
        step.setPython("python3.12");
        step.setGpuWaitMinutes(5);
        step.setIdleGpusOnly(true);
        return step;
    }

    private static TrainAndRegisterStep training() {
        TrainAndRegisterStep step = new TrainAndRegisterStep("python train.py --epochs 3 --name 'a b'", "resnet");
        step.setImage("registry.example/pytorch@sha256:" + "b".repeat(64));
        step.setArtifacts("model.pt, metrics.json");
        step.setAlias("candidate");
        step.setRegistry("prod");
        step.setGpus("2");
        step.setPreflight(true);
        step.setAllowCpuFallback(true);
        step.setOutputDir("out/runs");
        step.setTimeoutMinutes(90);
        step.setMemory("8g");
        step.setEnv(List.of("EPOCHS=3", "LR=0.001"));
        step.setRequirePinned(true);
        step.setPull("always");
        return step;
    }

    private static SiteSettings site() {
        return new SiteSettings("registry.example/pytorch@sha256:" + "c".repeat(64), true, "missing", "/var/lock/gpu-training", "podman");
    }

    private static Lineage lineage() {
        return new Lineage("0123456789abcdef0123456789abcdef01234567", "https://git.example/ml/train.git", "jenkins-train-7", OWNER);
    }

    private static EnvVars buildEnv() {
        return new EnvVars("DOCKER_HOST", "tcp://127.0.0.1:2376", "DOCKER_TLS_VERIFY", "1", "DOCKER_CERT_PATH", "/etc/docker/certs",
                "DOCKER_CONFIG", "/agent/ws/train@tmp/docker-config");
    }

    private static AgentRuntime runtime() {
        return AgentRuntime.of("docker", buildEnv());
    }

    private static ModelRegistryConfig registry() {
        return new ModelRegistryEntry("prod", "oci", "127.0.0.1:5000/ml/models")
                .toConfig(RegistryAuth.usernamePassword("bot", "s3cr3t-password").withCredentialsId("registry-bot"));
    }

    private static PreflightReport report() throws Exception {
        return CapturedResults.report("h200x2-pass.json");
    }

    private static TrainingResult result() throws Exception {
        return CapturedResults.training(new RegisteredModel("mlflow http://127.0.0.1:5000", "resnet", "4", "models:/resnet/4",
                "sha256:" + "1".repeat(64), Map.of("run_id", "f00d", "web_link", "http://127.0.0.1:5000/#/models/resnet/versions/4")),
                List.of(), report());
    }

    private FilePath workspace() {
        return new FilePath(tmp.getRoot()).child("ws");
    }

    private static Object javaRoundTrip(Object value) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return in.readObject();
        }
    }

    /** {@code V} of {@code Callable<V, T>}, as the class declares it. */
    private static Type callableResult(Class<?> c) {
        for (Class<?> k = c; k != null; k = k.getSuperclass()) {
            if (k.getGenericSuperclass() instanceof ParameterizedType p && Callable.class.isAssignableFrom((Class<?>) p.getRawType())) {
                return p.getActualTypeArguments()[0];
            }
        }
        throw new AssertionError(c + " declares no result type");
    }

    /** Values equal; listeners and streams still reach what they wrapped on the controller. */
    private static void assertSameFields(Object sent, Object back, ByteArrayOutputStream log) throws Exception {
        assertEquals(sent.getClass(), back.getClass());
        for (Class<?> k = sent.getClass(); k.getName().startsWith(DataBoundSamples.PLUGIN_PACKAGE); k = k.getSuperclass()) {
            for (Field f : k.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers())) {
                    continue;
                }
                f.setAccessible(true);
                Object before = f.get(sent);
                Object after = f.get(back);
                String where = k.getSimpleName() + "." + f.getName();
                assertNotNull(where + " was set", before);
                if (before instanceof TaskListener) {
                    String line = "written through " + where + " after a trip to the agent";
                    ((TaskListener) after).getLogger().println(line);
                    awaitIn(log, line, where);
                } else if (before instanceof OutputStream) {
                    String line = "written to " + where + " after a trip to the agent\n";
                    ((OutputStream) after).write(line.getBytes(StandardCharsets.UTF_8));
                    ((OutputStream) after).flush();
                    awaitIn(log, line, where);
                } else {
                    assertTrue(where + ": " + before + " came back as " + after, Objects.deepEquals(before, after)
                            || before.getClass().isArray() && Arrays.deepEquals(new Object[] {before}, new Object[] {after}));
                }
            }
        }
    }

    private static void awaitIn(ByteArrayOutputStream log, String text, String where) throws InterruptedException {
        for (int i = 0; i < 100 && !log.toString(StandardCharsets.UTF_8).contains(text); i++) {
            Thread.sleep(100);
        }
        assertTrue(where + " reaches the controller's stream", log.toString(StandardCharsets.UTF_8).contains(text));
    }

    /** Runs on the agent: hands back what it was sent, so the value is serialized both ways. */
    private static final class Bounce<V extends Serializable> extends MasterToSlaveCallable<V, RuntimeException> {

        private static final long serialVersionUID = 1L;

        private final V value;

        Bounce(V value) {
            this.value = value;
        }

        @Override
        public V call() {
            return value;
        }
    }
}
