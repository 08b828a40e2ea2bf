package io.jenkins.plugins.gputraining;

import static org.junit.Assert.assertEquals;

import io.gputraining.engine.docker.ContainerSweeper;
import io.gputraining.engine.docker.DockerEndpoint;
import io.gputraining.engine.docker.DockerRuntime;
import java.io.File;
import java.nio.file.Files;
import java.util.List;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.Before;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.jvnet.hudson.test.BuildWatcher;
import org.jvnet.hudson.test.JenkinsRule;

/**
 * {@code runtime: 'podman'} on the real rootful Podman service that {@code scripts/testenv-up} provisions: a training
 * registered through the step, and the global default sending a {@code withPytorchCuda} block there. Podman marks its
 * containers with {@code /run/.containerenv}: the steps inside say where they ran.
 */
public class PodmanStepsTest {

    /** Writes a model file and metrics, and says which engine's container it runs in. */
    private static final String TRAIN_PY = String.join("\\n",
            "import json, os",
            "print('container engine:', 'podman' if os.path.exists('/run/.containerenv') else 'other', flush=True)",
            "out = os.environ['GPU_TRAINING_OUTPUT_DIR']",
            "open(os.path.join(out, 'model.bin'), 'wb').write(b'weights')",
            "json.dump({'metrics': {'loss': 0.5}}, open(os.path.join(out, 'metrics.json'), 'w'))");

    @ClassRule
    public static BuildWatcher buildWatcher = new BuildWatcher();

    @Rule
    public JenkinsRule r = new JenkinsRule();

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private String podman;

    @Before
    public void setUp() throws Exception {
        podman = TestComponents.podmanHost();
        GpuTrainingConfiguration.get().setRegistries(List.of(new ModelRegistryEntry("local", "local", tmp.newFolder("registry").getPath())));
        GpuTrainingConfiguration.get().setGpuLockDirectory(tmp.newFolder("locks").getPath());
    }

    /** Our containers of {@code build} on the Podman service, running or not. */
    private List<String> podmanContainersOf(WorkflowRun build) {
        try (DockerRuntime runtime = DockerRuntime.connect(new DockerEndpoint(podman, false, null))) {
            return new ContainerSweeper(runtime.client()).list().stream().filter(c -> build.getAbsoluteUrl().equals(c.owner()))
                    .map(ContainerSweeper.ManagedContainer::id).toList();
        }
    }

    @Test
    public void trainAndRegisterRunsOnPodmanAndRegistersTheVersion() throws Exception {
        WorkflowJob job = r.createProject(WorkflowJob.class, "podman-train");
        job.setDefinition(new CpsFlowDefinition("node {\n"
                + "  writeFile file: 'train.py', text: \"" + TRAIN_PY + "\"\n"
                + "  withEnv(['CONTAINER_HOST=" + podman + "']) {\n"
                + "    def v = trainAndRegister model: 'tiny', command: 'python3 train.py', image: '" + TestComponents.torchImage() + "',\n"
                + "        runtime: 'podman', gpus: 'none', allowCpuFallback: true, artifacts: 'model.bin'\n"
                + "    echo \"registered ${v.model} version ${v.version}\"\n"
                + "  }\n"
                + "}", true));

        WorkflowRun run = r.buildAndAssertSuccess(job);

        r.assertLogContains("container engine: podman", run);
        ModelSummary model = run.getAction(GpuTrainingAction.class).getModels().get(0);
        r.assertLogContains("registered tiny version " + model.getVersion(), run);
        assertEquals(Double.valueOf(0.5), model.getMetrics().get("loss"));
        assertEquals(List.of(), podmanContainersOf(run));
        assertEquals("nothing of it on Docker", List.of(), TestComponents.containersOf(run));
    }

    @Test
    public void theGlobalDefaultRuntimeSendsABlockToPodmanWithItsShmSizeAndReadOnlyMounts() throws Exception {
        GpuTrainingConfiguration.get().setRuntime("podman");
        File data = tmp.newFolder("imagenet");
        Files.writeString(data.toPath().resolve("labels.txt"), "cat\ndog\n");
        WorkflowJob job = r.createProject(WorkflowJob.class, "podman-block");
        job.setDefinition(new CpsFlowDefinition("node {\n"
                + "  withEnv(['CONTAINER_HOST=" + podman + "']) {\n"
                + "    withPytorchCuda(image: '" + TestComponents.torchImage() + "', gpus: 'none', preflight: false, shmSize: '256m',\n"
                + "        mounts: ['" + data + ":/datasets/imagenet']) {\n"
                + "      sh 'test -f /run/.containerenv && echo IN-PODMAN'\n"
                + "      sh 'echo shm=$(df -k /dev/shm | tail -1 | tr -s \" \" | cut -d \" \" -f 2)'\n"
                + "      sh 'echo labels=$(wc -l < /datasets/imagenet/labels.txt)'\n"
                + "      sh 'touch /datasets/imagenet/x 2>/dev/null || echo READ-ONLY'\n"
                + "    }\n"
                + "  }\n"
                + "}", true));

        WorkflowRun run = r.buildAndAssertSuccess(job);

        r.assertLogContains("IN-PODMAN", run);
        r.assertLogContains("shm=262144", run);
        r.assertLogContains("labels=2", run);
        r.assertLogContains("READ-ONLY", run);
        assertEquals(List.of(), podmanContainersOf(run));
    }
}
