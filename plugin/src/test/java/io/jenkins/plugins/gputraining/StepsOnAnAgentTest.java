package io.jenkins.plugins.gputraining;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import hudson.model.FreeStyleBuild;
import hudson.model.FreeStyleProject;
import hudson.model.Label;
import hudson.slaves.DumbSlave;
import hudson.slaves.EnvironmentVariablesNodeProperty;
import hudson.tasks.Shell;
import io.jenkins.plugins.gputraining.container.PytorchCudaBuildWrapper;
import java.io.File;
import java.nio.charset.StandardCharsets;
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
 * The three steps, both builders and the wrapper on a real agent: a separate JVM behind a remoting channel, whose
 * {@code PATH} has the replayed 2×H200 host's nvidia-smi (the controller's has none). GPUs in the results prove the
 * engine ran there; every test ends with no lease held and no container left.
 */
public class StepsOnAnAgentTest {

    /** Writes a model and metrics where the step says, and prints the GPUs it was given. */
    static final String TRAIN_PY = String.join("\\n",
            "import json, os",
            "print('training on [' + os.environ.get('CUDA_VISIBLE_DEVICES', 'unset') + ']', flush=True)",
            "out = os.environ['GPU_TRAINING_OUTPUT_DIR']",
            "open(os.path.join(out, 'model.bin'), 'wb').write(b'weights')",
            "json.dump({'metrics': {'loss': 0.25}}, open(os.path.join(out, 'metrics.json'), 'w'))");

    @ClassRule
    public static BuildWatcher buildWatcher = new BuildWatcher();

    @Rule
    public JenkinsRule r = new JenkinsRule();

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private ReplayedGpuHost host;
    private DumbSlave agent;
    private File registry;
    private String image;
    private String imagePython;

    @Before
    public void agentWithGpus() throws Exception {
        image = TestComponents.torchImage();
        imagePython = ImagePython.in(tmp.getRoot().toPath(), image);
        host = ReplayedGpuHost.h200x2(tmp.newFolder("host").toPath());
        registry = tmp.newFolder("registry");
        GpuTrainingConfiguration.get().setRegistries(List.of(new ModelRegistryEntry("local", "local", registry.getPath())));
        agent = r.createOnlineSlave(Label.get("gpu"), host.agentEnvironment());
    }

    @Test
    public void gpuHealthCheckChecksTheAgentsGpusAndLeavesThemFree() throws Exception {
        WorkflowJob job = r.createProject(WorkflowJob.class, "health");
        job.setDefinition(new CpsFlowDefinition("node('gpu') {\n"
                + "  def local = gpuHealthCheck runtime: 'local', python: '" + imagePython + "', gpus: 'all', minGpus: 2,"
                + " allowCpuFallback: true\n"
                + "  echo \"local: ${local.overall} on ${local.gpus.collect { it.name + ' ' + it.uuid }}\"\n"
                + "  def docker = gpuHealthCheck image: '" + image + "', gpus: 'none', minGpus: 0, allowCpuFallback: true\n"
                + "  echo \"docker: ${docker.overall} torch ${docker.torchVersion}\"\n"
                + "}", true));

        WorkflowRun run = r.buildAndAssertSuccess(job);

        for (String uuid : host.gpus()) {
            r.assertLogContains("NVIDIA H200 " + uuid, run);
        }
        List<PreflightSummary> preflights = run.getAction(GpuTrainingAction.class).getPreflights();
        assertEquals(2, preflights.size());
        assertEquals(2, preflights.get(0).getGpus().size());
        r.assertLogContains("docker: PASS torch " + preflights.get(1).getTorchVersion(), run);
        host.assertNoLeaseHeld();
    }

    @Test
    public void trainAndRegisterTrainsOnTheAgentsLeasedGpusAndReleasesThem() throws Exception {
        WorkflowJob job = r.createProject(WorkflowJob.class, "train");
        job.setDefinition(new CpsFlowDefinition("node('gpu') {\n"
                + "  writeFile file: 'train.py', text: \"" + TRAIN_PY + "\"\n"
                + "  def local = trainAndRegister model: 'on-gpus', command: 'python3 train.py', runtime: 'local', gpus: 'all',"
                + " preflight: false, artifacts: 'model.bin'\n"
                + "  def docker = trainAndRegister model: 'in-image', command: 'python3 train.py', image: '" + image + "',"
                + " gpus: 'none', allowCpuFallback: true, artifacts: 'model.bin'\n"
                + "  echo \"registered ${local.model} ${local.version} and ${docker.model} ${docker.version}\"\n"
                + "}", true));

        WorkflowRun run = r.buildAndAssertSuccess(job);

        r.assertLogContains("training on [" + String.join(",", host.gpus()) + "]", run);
        r.assertLogContains("registered on-gpus 1 and in-image 1", run);
        String manifest = Files.readString(registry.toPath().resolve("models/on-gpus/versions/1/run-manifest.json"), StandardCharsets.UTF_8);
        for (String uuid : host.gpus()) {
            assertTrue("the run manifest names the leased GPU " + uuid + ":\n" + manifest, manifest.contains(uuid));
        }
        assertEquals(2, run.getAction(GpuTrainingAction.class).getModels().size());
        host.assertNoLeaseHeld();
        assertEquals(List.of(), TestComponents.containersOf(run));
    }

    /** A step that names no runtime takes the global default: here the agent itself, with no container. */
    @Test
    public void trainAndRegisterWithoutARuntimeFollowsTheGlobalDefault() throws Exception {
        GpuTrainingConfiguration.get().setRuntime("local");
        WorkflowJob job = r.createProject(WorkflowJob.class, "site-default");
        job.setDefinition(new CpsFlowDefinition("node('gpu') {\n"
                + "  writeFile file: 'train.py', text: \"" + TRAIN_PY + "\"\n"
                + "  def v = trainAndRegister model: 'site-local', command: 'python3 train.py', gpus: 'all', preflight: false,"
                + " artifacts: 'model.bin'\n"
                + "  echo \"registered ${v.model} ${v.version}\"\n"
                + "}", true));

        WorkflowRun run = r.buildAndAssertSuccess(job);

        r.assertLogContains("training on [" + String.join(",", host.gpus()) + "]", run);
        r.assertLogContains("registered site-local 1", run);
        assertEquals(List.of(), TestComponents.containersOf(run));
        host.assertNoLeaseHeld();
    }

    @Test
    public void withPytorchCudaRunsItsBodyInOneContainerOnTheAgent() throws Exception {
        WorkflowJob job = r.createProject(WorkflowJob.class, "block");
        job.setDefinition(new CpsFlowDefinition("node('gpu') {\n"
                + "  withPytorchCuda(image: '" + image + "', gpus: 'none', preflight: false) {\n"
                + "    sh 'python3 -c \"import torch; print(\\'in the block, torch\\', torch.__version__)\"; while [ ! -f release ]; do sleep 0.2; done'\n"
                + "  }\n"
                + "}", true));

        WorkflowRun run = job.scheduleBuild2(0).waitForStart();
        r.waitForMessage("in the block, torch", run);
        assertEquals("the body runs in one container of the build", 1, TestComponents.containersOf(run).size());
        agent.getWorkspaceFor(job).child("release").write("", "UTF-8");

        r.assertBuildStatusSuccess(r.waitForCompletion(run));
        assertEquals(List.of(), TestComponents.containersOf(run));
    }

    /**
     * This Docker cannot give GPUs to containers (no NVIDIA runtime): the block leases two of the agent's H200s,
     * the daemon refuses the container, and the lease must be gone when the step has failed.
     */
    @Test
    public void aBlockWhoseContainerCannotStartReleasesTheGpusItLeased() throws Exception {
        WorkflowJob job = r.createProject(WorkflowJob.class, "no-gpu-runtime");
        job.setDefinition(new CpsFlowDefinition("node('gpu') {\n"
                + "  withPytorchCuda(image: '" + image + "', gpus: 'all', preflight: false) {\n"
                + "    echo 'body ran'\n"
                + "  }\n"
                + "}", true));

        WorkflowRun run = r.buildAndAssertStatus(hudson.model.Result.FAILURE, job);

        r.assertLogNotContains("body ran", run);
        host.assertNoLeaseHeld();
        assertEquals(List.of(), TestComponents.containersOf(run));
    }

    /**
     * An agent whose own PATH lacks nvidia-smi, where the node's properties add its directory ({@code PATH+NVIDIA}, as
     * administrators do for tool locations): every step looks nvidia-smi up on the build's PATH, so the block finds
     * and leases the same two GPUs as the health check (then Docker refuses to give them to a container here).
     */
    @Test
    public void everyStepFindsNvidiaSmiOnTheBuildsPathAsTheNodeSetsIt() throws Exception {
        DumbSlave plain = r.createOnlineSlave(Label.get("plain"));
        plain.getNodeProperties().add(new EnvironmentVariablesNodeProperty(
                new EnvironmentVariablesNodeProperty.Entry("PATH+NVIDIA", host.bin().toString())));
        WorkflowJob job = r.createProject(WorkflowJob.class, "node-path");
        job.setDefinition(new CpsFlowDefinition("node('plain') {\n"
                + "  def report = gpuHealthCheck runtime: 'local', python: '" + imagePython + "', gpus: 'all', minGpus: 2,"
                + " allowCpuFallback: true\n"
                + "  echo \"health check: ${report.gpus.size()} GPUs\"\n"
                + "  withPytorchCuda(image: '" + image + "', gpus: 'all', preflight: false) { echo 'body ran' }\n"
                + "}", true));

        WorkflowRun run = r.buildAndAssertStatus(hudson.model.Result.FAILURE, job);

        r.assertLogContains("health check: 2 GPUs", run);
        r.assertLogContains("[withPytorchCuda] Leased GPU(s) " + String.join(", ", host.gpus()), run);
        r.assertLogContains("could not select device driver", run);
        host.assertNoLeaseHeld();
    }

    @Test
    public void theFreestyleBuildersAndWrapperRunOnTheAgent() throws Exception {
        FreeStyleProject steps = r.createFreeStyleProject("builders");
        steps.setAssignedLabel(Label.get("gpu"));
        agent.getWorkspaceFor(steps).child("train.py").write(TRAIN_PY.replace("\\n", "\n"), "UTF-8");
        GpuHealthCheckBuilder check = new GpuHealthCheckBuilder();
        check.setRuntime("local");
        check.setPython(imagePython);
        check.setGpus("all");
        check.setMinGpus(2);
        check.setAllowCpuFallback(true);
        steps.getBuildersList().add(check);
        TrainAndRegisterBuilder train = new TrainAndRegisterBuilder("python3 train.py", "freestyle");
        train.setRuntime("local");
        train.setGpus("all");
        train.setPreflight(false);
        train.setArtifacts("model.bin");
        steps.getBuildersList().add(train);

        FreeStyleBuild built = r.buildAndAssertSuccess(steps);

        assertEquals(agent.getNodeName(), built.getBuiltOnStr());
        assertEquals(2, built.getAction(GpuTrainingAction.class).getPreflights().get(0).getGpus().size());
        r.assertLogContains("training on [" + String.join(",", host.gpus()) + "]", built);
        r.assertLogContains("Registered freestyle version 1", built);
        host.assertNoLeaseHeld();

        FreeStyleProject wrapped = r.createFreeStyleProject("wrapper");
        wrapped.setAssignedLabel(Label.get("gpu"));
        PytorchCudaBuildWrapper wrapper = new PytorchCudaBuildWrapper(image);
        wrapper.setGpus("none");
        wrapper.setPreflight(false);
        wrapped.getBuildWrappersList().add(wrapper);
        wrapped.getBuildersList().add(new Shell("python3 -c \"import torch; print('wrapped, torch', torch.__version__)\""));

        FreeStyleBuild inContainer = r.buildAndAssertSuccess(wrapped);

        assertEquals(agent.getNodeName(), inContainer.getBuiltOnStr());
        r.assertLogContains("wrapped, torch", inContainer);
        assertEquals(List.of(), TestComponents.containersOf(inContainer));
    }
}
