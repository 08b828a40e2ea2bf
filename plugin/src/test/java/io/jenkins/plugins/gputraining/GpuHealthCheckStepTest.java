package io.jenkins.plugins.gputraining;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import hudson.model.Result;
import org.jenkinsci.plugins.workflow.actions.LabelAction;
import org.jenkinsci.plugins.workflow.actions.WarningAction;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.cps.nodes.StepAtomNode;
import org.jenkinsci.plugins.workflow.graph.FlowNode;
import org.jenkinsci.plugins.workflow.graphanalysis.DepthFirstScanner;
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

public class GpuHealthCheckStepTest {

    @ClassRule
    public static BuildWatcher buildWatcher = new BuildWatcher();

    @Rule
    public JenkinsRule r = new JenkinsRule();

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void snippetShowsOnlyParametersThatDifferFromTheDefaults() throws Exception {
        GpuHealthCheckStep step = new GpuHealthCheckStep();
        step.setImage("registry.example/pytorch:2.11");
        step.setMinGpus(2);
        step.setUnstableOnWarn(true);
        assertEquals("gpuHealthCheck image: 'registry.example/pytorch:2.11', minGpus: 2, unstableOnWarn: true",
                Snippetizer.object2Groovy(step));
    }

    @Test
    public void everyParameterSurvivesTheRoundTripThroughPipelineArguments() throws Exception {
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
        step.setRuntime("local");
        step.setUnstableOnWarn(true);
        step.setPython("python3.12");
        StepDescriptor descriptor = r.jenkins.getDescriptorByType(GpuHealthCheckStep.DescriptorImpl.class);
        r.assertEqualDataBoundBeans(step, descriptor.newInstance(descriptor.defineArguments(step)));
    }

    @Test
    public void dockerWithoutImageFailsTheBuildSayingWhatToGive() throws Exception {
        WorkflowJob job = r.createProject(WorkflowJob.class, "no-image");
        job.setDefinition(new CpsFlowDefinition("node { gpuHealthCheck() }", true));
        WorkflowRun run = r.buildAndAssertStatus(Result.FAILURE, job);
        r.assertLogContains("gpuHealthCheck needs an image on Docker", run);
    }

    @Test
    public void unknownRuntimeFailsTheBuildNamingTheChoices() throws Exception {
        WorkflowJob job = r.createProject(WorkflowJob.class, "bad-runtime");
        job.setDefinition(new CpsFlowDefinition("node { gpuHealthCheck image: 'pytorch/pytorch', runtime: 'kubernetes' }", true));
        WorkflowRun run = r.buildAndAssertStatus(Result.FAILURE, job);
        r.assertLogContains("runtime 'kubernetes' is not known: use docker", run);
    }

    @Test
    public void scriptedPipelineGetsTheReportAsAMapAndTheBuildPageShowsIt() throws Exception {
        String image = TestComponents.torchImage();
        WorkflowJob job = r.createProject(WorkflowJob.class, "scripted");
        job.setDefinition(new CpsFlowDefinition(
                "node {\n"
                + "  def r = gpuHealthCheck image: '" + image + "', gpus: 'none', minGpus: 0, allowCpuFallback: true\n"
                + "  echo \"overall=${r.overall} torch=${r.torchVersion} verdicts=${r.verdicts.size()}\"\n"
                + "}", true));
        WorkflowRun run = r.buildAndAssertSuccess(job);
        GpuTrainingAction action = run.getAction(GpuTrainingAction.class);
        assertNotNull("the build page summary", action);
        PreflightSummary summary = action.getPreflights().get(0);
        assertNotEquals("FAIL", summary.getOverall());
        r.assertLogContains("overall=" + summary.getOverall() + " torch=" + summary.getTorchVersion()
                + " verdicts=" + summary.getVerdicts().size(), run);
    }

    @Test
    public void declarativePipelineIsMarkedUnstableOnWarningsWhenAsked() throws Exception {
        String python = ImagePython.in(tmp.getRoot().toPath(), TestComponents.torchImage());
        WorkflowJob job = r.createProject(WorkflowJob.class, "declarative");
        // GPUs asked for on an agent without NVIDIA driver, while CPU fallback is allowed: warnings, no failure
        // (asking for none is a CPU job by design, which passes)
        job.setDefinition(new CpsFlowDefinition(
                "pipeline {\n"
                + "  agent any\n"
                + "  stages {\n"
                + "    stage('preflight') {\n"
                + "      steps {\n"
                + "        gpuHealthCheck runtime: 'local', python: '" + python + "', gpus: 'all', minGpus: 0,"
                + " allowCpuFallback: true, unstableOnWarn: true\n"
                + "      }\n"
                + "    }\n"
                + "  }\n"
                + "}", true));
        WorkflowRun run = r.buildAndAssertStatus(Result.UNSTABLE, job);
        r.assertLogContains("GPU preflight warned (", run);
        PreflightSummary.VerdictLine cuda = run.getAction(GpuTrainingAction.class).getPreflights().get(0).getVerdicts().stream()
                .filter(v -> v.getCheck().equals("cuda-available")).findFirst().orElseThrow();
        assertEquals("WARN", cuda.getLevel());

        // the step's own node carries the warning, inside the stage: that is what marks the stage unstable
        FlowNode step = new DepthFirstScanner().findFirstMatch(run.getExecution(),
                node -> node instanceof StepAtomNode atom && atom.getDescriptor() instanceof GpuHealthCheckStep.DescriptorImpl);
        assertNotNull("the gpuHealthCheck node", step);
        WarningAction warning = step.getPersistentAction(WarningAction.class);
        assertNotNull("a WarningAction on the gpuHealthCheck node", warning);
        assertEquals(Result.UNSTABLE, warning.getResult());
        assertTrue(warning.getMessage(), warning.getMessage().contains("GPU preflight warned ("));
        assertTrue("the step runs in the stage 'preflight'", step.getEnclosingBlocks().stream()
                .anyMatch(block -> "preflight".equals(block.getDisplayName())
                        && block.getPersistentAction(LabelAction.class) != null));
    }

    @Test
    public void aPassingCheckLeavesNoWarningOnTheStage() throws Exception {
        String image = TestComponents.torchImage();
        WorkflowJob job = r.createProject(WorkflowJob.class, "declarative-pass");
        job.setDefinition(new CpsFlowDefinition(
                "pipeline {\n"
                + "  agent any\n"
                + "  stages {\n"
                + "    stage('preflight') {\n"
                + "      steps {\n"
                + "        gpuHealthCheck image: '" + image + "', gpus: 'none', minGpus: 0, allowCpuFallback: true, unstableOnWarn: true\n"
                + "      }\n"
                + "    }\n"
                + "  }\n"
                + "}", true));
        WorkflowRun run = r.buildAndAssertSuccess(job);
        assertNull(new DepthFirstScanner().findFirstMatch(run.getExecution(),
                node -> node.getPersistentAction(WarningAction.class) != null));
    }
}
