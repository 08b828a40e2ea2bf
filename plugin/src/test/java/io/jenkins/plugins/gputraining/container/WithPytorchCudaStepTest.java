package io.jenkins.plugins.gputraining.container;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import hudson.model.Result;
import io.jenkins.plugins.gputraining.GpuTrainingConfiguration;
import io.jenkins.plugins.gputraining.TestComponents;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.cps.Snippetizer;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.jvnet.hudson.test.BuildWatcher;
import org.jvnet.hudson.test.JenkinsRule;

public class WithPytorchCudaStepTest {

    @ClassRule
    public static BuildWatcher buildWatcher = new BuildWatcher();

    @Rule
    public JenkinsRule r = new JenkinsRule();

    private WorkflowJob job(String body) throws Exception {
        String image = TestComponents.torchImage();
        WorkflowJob p = r.createProject(WorkflowJob.class, "p");
        p.setDefinition(new CpsFlowDefinition("node {\n"
                + "  withPytorchCuda(image: '" + image + "', gpus: 'none', preflight: false) {\n"
                + body
                + "  }\n"
                + "}", true));
        return p;
    }

    @Test
    public void shStepsRunInTheImageAndTheContainerIsRemovedAfterwards() throws Exception {
        WorkflowJob p = job("    sh 'python3 -c \"import torch; print(\\'torch\\', torch.__version__)\"'\n");
        WorkflowRun b = r.buildAndAssertSuccess(p);
        assertTrue(r.getLog(b), Pattern.compile("(?m)^torch \\d+\\.\\d+").matcher(r.getLog(b)).find());
        r.assertLogContains("Preflight skipped, as asked", b);
        assertEquals(List.of(), TestComponents.containersOf(b));
    }

    @Test
    public void bodySeesThePinnedImageAndNoCudaVisibleDevices() throws Exception {
        WorkflowJob p = job("    sh 'echo \"image=$GPU_TRAINING_IMAGE gpus=[$GPU_TRAINING_GPUS] cvd=[${CUDA_VISIBLE_DEVICES:-unset}]\"'\n");
        WorkflowRun b = r.buildAndAssertSuccess(p);
        r.assertLogContains("gpus=[] cvd=[unset]", b);
        assertTrue(r.getLog(b), Pattern.compile("image=\\S+@sha256:[0-9a-f]{64}").matcher(r.getLog(b)).find());
    }

    @Test
    public void aFailingCommandFailsTheBuildAndStillRemovesTheContainer() throws Exception {
        WorkflowJob p = job("    sh 'exit 7'\n");
        WorkflowRun b = r.buildAndAssertStatus(Result.FAILURE, p);
        r.assertLogContains("exit code 7", b);
        assertEquals(List.of(), TestComponents.containersOf(b));
    }

    @Test
    public void abortingARunningBlockRemovesItsContainer() throws Exception {
        WorkflowJob p = job("    sh 'echo sleeping; sleep 300'\n");
        WorkflowRun b = p.scheduleBuild2(0).waitForStart();
        r.waitForMessage("sleeping", b);
        assertFalse("the block's container runs", TestComponents.containersOf(b).isEmpty());
        b.doStop();
        r.waitForCompletion(b);
        r.assertBuildStatus(Result.ABORTED, b);
        assertEquals(List.of(), TestComponents.containersOf(b));
    }

    /**
     * {@code timeout} stops the {@code sh} inside the block: its process in the container ends (it stops writing
     * its heartbeat) while the block goes on in the same container. On this machine the agent runs as root
     * next to the daemon and could end it from the host too; the log line shows the container launcher did,
     * as it must where the agent cannot see the container's processes (a remote daemon, user namespaces).
     */
    @Test
    public void timeoutInsideTheBlockEndsTheProcessInTheContainerWhileTheBlockGoesOn() throws Exception {
        WorkflowJob p = job("    try {\n"
                + "      timeout(time: 5, unit: 'SECONDS') {\n"
                + "        sh 'echo beating; while true; do date +%s%N > beat; sleep 1; done'\n"
                + "      }\n"
                + "    } catch (e) {\n"
                + "      echo 'the timeout stopped the step'\n"
                + "    }\n"
                + "    sh 'a=$(cat beat); sleep 3; b=$(cat beat); if [ \"$a\" = \"$b\" ]; then echo heartbeat stopped; else echo still beating; fi'\n");
        WorkflowRun b = r.buildAndAssertSuccess(p);
        r.assertLogContains("the timeout stopped the step", b);
        r.assertLogContains("of the stopped step in the container", b);
        r.assertLogContains("heartbeat stopped", b);
        r.assertLogNotContains("still beating", b);
        assertEquals(List.of(), TestComponents.containersOf(b));
    }

    @Test
    public void theGlobalPinningPolicyRefusesATagBeforeAnyContainerStarts() throws Exception {
        String pinned = TestComponents.torchImage();
        String tagged = pinned.substring(0, pinned.indexOf('@')) + ":latest";
        GpuTrainingConfiguration.get().setRequirePinned(true);
        WorkflowJob p = r.createProject(WorkflowJob.class, "tagged");
        p.setDefinition(new CpsFlowDefinition("node {\n"
                + "  withPytorchCuda(image: '" + tagged + "', gpus: 'none', preflight: false) {\n"
                + "    echo 'body ran'\n"
                + "  }\n"
                + "}", true));
        WorkflowRun b = r.buildAndAssertStatus(Result.FAILURE, p);
        r.assertLogContains("is not pinned to a digest, and pinned images are required", b);
        r.assertLogNotContains("body ran", b);
        assertEquals(List.of(), TestComponents.containersOf(b));
    }

    @Test
    public void snippetizerWritesTheStepAsItParses() throws Exception {
        WithPytorchCudaStep step = new WithPytorchCudaStep("registry.example/pytorch@sha256:" + "a".repeat(64));
        step.setGpus("none");
        step.setPreflight(false);
        step.setPull("never");
        String groovy = Snippetizer.object2Groovy(step);
        assertEquals("withPytorchCuda(gpus: 'none', image: 'registry.example/pytorch@sha256:" + "a".repeat(64)
                + "', preflight: false, pull: 'never') {\n    // some block\n}", groovy);
        StepDescriptor d = r.jenkins.getDescriptorByType(WithPytorchCudaStep.DescriptorImpl.class);
        r.assertEqualDataBoundBeans(step, d.newInstance(Map.of(
                "image", step.getImage(), "gpus", "none", "preflight", false, "pull", "never")));
    }

    @Test
    public void defaultsAreLeftOutOfTheSnippet() throws Exception {
        assertEquals("withPytorchCuda('pytorch/pytorch:2.5.1') {\n    // some block\n}",
                Snippetizer.object2Groovy(new WithPytorchCudaStep("pytorch/pytorch:2.5.1")));
    }
}
