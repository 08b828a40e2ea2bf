package io.jenkins.plugins.gputraining;

import static org.junit.Assert.assertEquals;

import hudson.model.Label;
import hudson.model.Result;
import hudson.slaves.DumbSlave;
import hudson.slaves.OfflineCause;
import java.util.List;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.jvnet.hudson.test.BuildWatcher;
import org.jvnet.hudson.test.JenkinsRule;

/** A build whose agent goes away ends with a message that says so, never with a NullPointerException. */
public class OfflineAgentTest {

    @ClassRule
    public static BuildWatcher buildWatcher = new BuildWatcher();

    @Rule
    public JenkinsRule r = new JenkinsRule();

    private DumbSlave agent;

    /** Runs {@code script} on a new agent, which is disconnected once the build printed {@code marker}. */
    private WorkflowRun disconnectingAfter(String marker, String script) throws Exception {
        agent = r.createOnlineSlave(Label.get("gpu"));
        WorkflowJob job = r.createProject(WorkflowJob.class);
        job.setDefinition(new CpsFlowDefinition("node('gpu') {\n" + script + "}", true));
        WorkflowRun run = job.scheduleBuild2(0).waitForStart();
        r.waitForMessage(marker, run);
        agent.toComputer().disconnect(new OfflineCause.UserCause(null, "test: the agent goes away")).get();
        r.waitForCompletion(run);
        r.assertLogNotContains("NullPointerException", run);
        return run;
    }

    @Test
    public void aHealthCheckOnAnAgentThatWentOfflineFailsSayingSo() throws Exception {
        WorkflowRun run = disconnectingAfter("on the agent", "  echo 'on the agent'\n  sleep 3\n"
                + "  gpuHealthCheck image: 'registry.example/pytorch@sha256:" + "a".repeat(64) + "'\n");
        r.assertBuildStatus(Result.FAILURE, run);
        r.assertLogContains("The agent of this step is offline", run);
    }

    @Test
    public void aBlockWhoseAgentWentOfflineFailsSayingWhereItsContainerGoes() throws Exception {
        String image = TestComponents.torchImage();
        WorkflowRun run = disconnectingAfter("in the block", "  withPytorchCuda(image: '" + image + "', gpus: 'none', preflight: false) {\n"
                + "    echo 'in the block'\n"
                + "    sleep 3\n"
                + "  }\n");
        r.assertBuildStatus(Result.FAILURE, run);
        r.assertLogContains("The agent went offline before the block's container could be removed", run);
        r.assertLogNotContains("AgentOfflineException", run);
        // the container outlives the agent's JVM (a reconnect must find it), and goes when the agent is back
        assertEquals(1, TestComponents.containersOf(run).size());
        agent.toComputer().connect(false).get();
        for (int i = 0; i < 60 && !TestComponents.containersOf(run).isEmpty(); i++) {
            Thread.sleep(500);
        }
        assertEquals(List.of(), TestComponents.containersOf(run));
    }
}
