package io.jenkins.plugins.gputraining.container;

import static org.junit.Assert.assertEquals;

import io.jenkins.plugins.gputraining.TestComponents;
import hudson.model.Result;
import java.util.List;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.jvnet.hudson.test.BuildWatcher;
import org.jvnet.hudson.test.JenkinsSessionRule;

/**
 * A controller restart while the body runs: the container outlives it (nothing of it lives in a JVM; the body's
 * commands find it by its session), so the body goes on in it and the container is removed when the block ends.
 */
public class WithPytorchCudaRestartTest {

    @ClassRule
    public static BuildWatcher buildWatcher = new BuildWatcher();

    @Rule
    public JenkinsSessionRule sessions = new JenkinsSessionRule();

    @Test
    public void theBodyGoesOnInTheSameContainerAfterARestartAndItIsRemovedAtTheEnd() throws Throwable {
        String image = TestComponents.torchImage();
        String[] owner = new String[1]; // the build's URL in the first session: the restarted one listens elsewhere
        sessions.then(r -> {
            WorkflowJob p = r.createProject(WorkflowJob.class, "p");
            p.setDefinition(new CpsFlowDefinition("node {\n"
                    + "  withPytorchCuda(image: '" + image + "', gpus: 'none', preflight: false) {\n"
                    + "    sh 'hostname > before.txt; echo waiting; sleep 15'\n"
                    + "    sh 'test \"$(cat before.txt)\" = \"$(hostname)\" && echo same container'\n"
                    + "  }\n"
                    + "}", true));
            WorkflowRun b = p.scheduleBuild2(0).waitForStart();
            r.waitForMessage("waiting", b);
            owner[0] = b.getAbsoluteUrl();
        });
        sessions.then(r -> {
            WorkflowRun b = r.jenkins.getItemByFullName("p", WorkflowJob.class).getBuildByNumber(1);
            r.waitForCompletion(b);
            r.assertBuildStatusSuccess(b);
            r.assertLogContains("same container", b);
            assertEquals(List.of(), TestComponents.containersOf(owner[0]));
        });
    }

    /**
     * A restart while the container is being started (here during the preflight) cannot be resumed: the step
     * fails at once saying so, and the container the start left is removed in the background.
     */
    @Test
    public void aRestartDuringTheStartFailsTheStepAndLeavesNoContainer() throws Throwable {
        String image = TestComponents.torchImage();
        String[] owner = new String[1];
        sessions.then(r -> {
            WorkflowJob p = r.createProject(WorkflowJob.class, "p");
            p.setDefinition(new CpsFlowDefinition("node {\n"
                    + "  withPytorchCuda(image: '" + image + "', gpus: 'none') {\n"
                    + "    echo 'body ran'\n"
                    + "  }\n"
                    + "}", true));
            WorkflowRun b = p.scheduleBuild2(0).waitForStart();
            r.waitForMessage("Probing ", b);
            owner[0] = b.getAbsoluteUrl();
        });
        sessions.then(r -> {
            WorkflowRun b = r.jenkins.getItemByFullName("p", WorkflowJob.class).getBuildByNumber(1);
            r.waitForCompletion(b);
            r.assertBuildStatus(Result.FAILURE, b);
            r.assertLogContains("The controller restarted while withPytorchCuda was starting its container", b);
            r.assertLogNotContains("body ran", b);
            for (int i = 0; i < 60 && !TestComponents.containersOf(owner[0]).isEmpty(); i++) {
                Thread.sleep(500);
            }
            assertEquals(List.of(), TestComponents.containersOf(owner[0]));
        });
    }
}
