package io.jenkins.plugins.gputraining;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl;
import hudson.model.Label;
import hudson.model.Result;
import java.io.File;
import java.util.List;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.cps.Snippetizer;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.jvnet.hudson.test.BuildWatcher;
import org.jvnet.hudson.test.JenkinsRule;

public class TrainAndRegisterStepTest {

    /** A training script that writes a model file and metrics where the step tells it to. */
    private static final String TRAIN_PY = String.join("\\n",
            "import json, os",
            "out = os.environ['GPU_TRAINING_OUTPUT_DIR']",
            "open(os.path.join(out, 'model.bin'), 'wb').write(b'weights')",
            "json.dump({'params': {'epochs': 1}, 'metrics': {'loss': 0.25}}, open(os.path.join(out, 'metrics.json'), 'w'))");

    /** Prints the memory limit of the container's cgroup (v2, else v1). */
    private static final String PRINT_MEMORY_LIMIT_PY = String.join("\\n",
            "paths = ['/sys/fs/cgroup/memory.max', '/sys/fs/cgroup/memory/memory.limit_in_bytes']",
            "limit = next(open(p).read().strip() for p in paths if os.path.exists(p))",
            "print('container memory limit: ' + limit + ' bytes', flush=True)");

    @ClassRule
    public static BuildWatcher buildWatcher = new BuildWatcher();

    @Rule
    public JenkinsRule r = new JenkinsRule();

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void snippetNamesTheRequiredParametersAndChangedOptions() throws Exception {
        TrainAndRegisterStep step = new TrainAndRegisterStep("python train.py", "resnet");
        step.setAlias("candidate");
        step.setArtifacts("model.pt");
        assertEquals("trainAndRegister alias: 'candidate', artifacts: 'model.pt', command: 'python train.py', model: 'resnet'",
                Snippetizer.object2Groovy(step));
    }

    @Test
    public void everyParameterSurvivesTheRoundTripThroughPipelineArguments() throws Exception {
        TrainAndRegisterStep step = new TrainAndRegisterStep("python train.py --epochs 3", "resnet");
        step.setImage("registry.example/pytorch@sha256:" + "b".repeat(64));
        step.setArtifacts("model.pt, config.json");
        step.setAlias("candidate");
        step.setRegistry("prod");
        step.setGpus("2");
        step.setPreflight(false);
        step.setAllowCpuFallback(true);
        step.setOutputDir("out");
        step.setTimeoutMinutes(90);
        step.setMemory("8g");
        step.setEnv(List.of("EPOCHS=3", "LR=0.001"));
        step.setRequirePinned(true);
        step.setPull("missing");
        step.setRuntime("local");
        StepDescriptor descriptor = r.jenkins.getDescriptorByType(TrainAndRegisterStep.DescriptorImpl.class);
        r.assertEqualDataBoundBeans(step, descriptor.newInstance(descriptor.defineArguments(step)));
    }

    @Test
    public void withoutAConfiguredRegistryTheBuildFailsSayingWhereToAddOne() throws Exception {
        WorkflowJob job = r.createProject(WorkflowJob.class, "no-registry");
        job.setDefinition(new CpsFlowDefinition("node { trainAndRegister model: 'm', command: 'python train.py', image: 'pytorch/pytorch' }", true));
        WorkflowRun run = r.buildAndAssertStatus(Result.FAILURE, job);
        r.assertLogContains("No model registry is configured", run);
    }

    @Test
    public void anUnknownRegistryNameFailsTheBuildListingTheConfiguredOnes() throws Exception {
        configureRegistries(new ModelRegistryEntry("staging", "local", tmp.newFolder().getPath()),
                new ModelRegistryEntry("prod", "local", tmp.newFolder().getPath()));
        WorkflowJob job = r.createProject(WorkflowJob.class, "unknown-registry");
        job.setDefinition(new CpsFlowDefinition(
                "node { trainAndRegister model: 'm', command: 'python train.py', image: 'pytorch/pytorch', registry: 'qa' }", true));
        WorkflowRun run = r.buildAndAssertStatus(Result.FAILURE, job);
        r.assertLogContains("Model registry 'qa' is not configured; configured are: staging, prod.", run);
    }

    @Test
    public void missingRegistryCredentialsFailTheBuildNamingTheIdNotTheSecret() throws Exception {
        ModelRegistryEntry entry = new ModelRegistryEntry("prod", "oci", "127.0.0.1:5000/ml/models");
        entry.setCredentialsId("registry-bot");
        configureRegistries(entry);
        SystemCredentialsProvider.getInstance().getCredentials().add(new UsernamePasswordCredentialsImpl(
                CredentialsScope.GLOBAL, "other-bot", null, "bot", "s3cr3t-password"));
        WorkflowJob job = r.createProject(WorkflowJob.class, "missing-credentials");
        job.setDefinition(new CpsFlowDefinition("node { trainAndRegister model: 'm', command: 'python train.py', image: 'pytorch/pytorch' }", true));
        WorkflowRun run = r.buildAndAssertStatus(Result.FAILURE, job);
        r.assertLogContains("Credentials 'registry-bot', configured for model registry 'prod', do not exist", run);
        r.assertLogNotContains("s3cr3t-password", run);
    }

    @Test
    public void anUnclosedQuoteInTheCommandFailsTheBuildBeforeAnythingRuns() throws Exception {
        configureRegistries(new ModelRegistryEntry("local", "local", tmp.newFolder().getPath()));
        WorkflowJob job = r.createProject(WorkflowJob.class, "bad-command");
        job.setDefinition(new CpsFlowDefinition(
                "node { trainAndRegister model: 'm', command: \"python 'train.py\", image: 'pytorch/pytorch' }", true));
        WorkflowRun run = r.buildAndAssertStatus(Result.FAILURE, job);
        r.assertLogContains("that is never closed", run);
    }

    @Test
    public void scriptedPipelineRegistersAVersionAndGetsWhereItIs() throws Exception {
        String image = TestComponents.torchImage();
        File registry = tmp.newFolder("registry");
        configureRegistries(new ModelRegistryEntry("local", "local", registry.getPath()));
        GpuTrainingConfiguration.get().setGpuLockDirectory(tmp.newFolder("locks").getPath());
        WorkflowJob job = r.createProject(WorkflowJob.class, "scripted-train");
        job.setDefinition(new CpsFlowDefinition(
                "node {\n"
                + "  writeFile file: 'train.py', text: \"" + TRAIN_PY + "\"\n"
                + "  def v = trainAndRegister model: 'tiny', command: 'python3 train.py', image: '" + image + "',\n"
                + "      gpus: 'none', allowCpuFallback: true, artifacts: 'model.bin'\n"
                + "  echo \"registered ${v.model} version ${v.version} at ${v.uri} digest ${v.digest}\"\n"
                + "}", true));
        WorkflowRun run = r.buildAndAssertSuccess(job);
        ModelSummary model = run.getAction(GpuTrainingAction.class).getModels().get(0);
        assertEquals("tiny", model.getModel());
        assertEquals(Double.valueOf(0.25), model.getMetrics().get("loss"));
        r.assertLogContains("registered tiny version " + model.getVersion() + " at " + model.getUri() + " digest " + model.getDigest(), run);
        assertTrue("the local registry holds the version", registry.list() != null && registry.list().length > 0);
    }

    @Test
    public void declarativePipelineRegistersAVersion() throws Exception {
        String image = TestComponents.torchImage();
        configureRegistries(new ModelRegistryEntry("local", "local", tmp.newFolder("registry").getPath()));
        GpuTrainingConfiguration.get().setGpuLockDirectory(tmp.newFolder("locks").getPath());
        GpuTrainingConfiguration.get().setDefaultImage(image);
        WorkflowJob job = r.createProject(WorkflowJob.class, "declarative-train");
        job.setDefinition(new CpsFlowDefinition(
                "pipeline {\n"
                + "  agent any\n"
                + "  stages {\n"
                + "    stage('train') {\n"
                + "      steps {\n"
                + "        writeFile file: 'train.py', text: \"" + TRAIN_PY + "\"\n"
                + "        trainAndRegister model: 'tiny', command: 'python3 train.py', gpus: 'none', allowCpuFallback: true,\n"
                + "            artifacts: 'model.bin', alias: 'candidate'\n"
                + "      }\n"
                + "    }\n"
                + "  }\n"
                + "}", true));
        WorkflowRun run = r.buildAndAssertSuccess(job);
        ModelSummary model = run.getAction(GpuTrainingAction.class).getModels().get(0);
        r.assertLogContains("Registered tiny version " + model.getVersion(), run);
    }

    /**
     * The memory limit travels with the request to an agent (a real remoting channel, so the request is serialized as
     * on any agent) and reaches the training container: the script reads its cgroup's limit. Before the request had a
     * builder, the agent rebuilt it positionally and dropped the limit.
     */
    @Test
    public void theMemoryLimitReachesTheTrainingContainerOnAnAgent() throws Exception {
        String image = TestComponents.torchImage();
        configureRegistries(new ModelRegistryEntry("local", "local", tmp.newFolder("registry").getPath()));
        GpuTrainingConfiguration.get().setGpuLockDirectory(tmp.newFolder("locks").getPath());
        r.createOnlineSlave(Label.get("remote"));
        WorkflowJob job = r.createProject(WorkflowJob.class, "memory-limit");
        job.setDefinition(new CpsFlowDefinition(
                "node('remote') {\n"
                + "  writeFile file: 'train.py', text: \"" + TRAIN_PY + "\\n" + PRINT_MEMORY_LIMIT_PY + "\"\n"
                + "  trainAndRegister model: 'tiny', command: 'python3 train.py', image: '" + image + "',\n"
                + "      gpus: 'none', allowCpuFallback: true, artifacts: 'model.bin', memory: '96m'\n"
                + "}", true));
        WorkflowRun run = r.buildAndAssertSuccess(job);
        r.assertLogContains("container memory limit: " + (96L << 20) + " bytes", run);
    }

    private static void configureRegistries(ModelRegistryEntry... entries) {
        GpuTrainingConfiguration.get().setRegistries(List.of(entries));
    }
}
