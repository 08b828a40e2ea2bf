package io.jenkins.plugins.gputraining.container;

import static org.junit.Assert.assertFalse;

import hudson.model.Label;
import hudson.model.Result;
import hudson.slaves.DumbSlave;
import io.jenkins.plugins.gputraining.TestComponents;
import java.time.Duration;
import jenkins.security.MasterToSlaveCallable;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.jvnet.hudson.test.BuildWatcher;
import org.jvnet.hudson.test.JenkinsRule;

/**
 * The block's agent calls never run on the CPS VM thread: with the agent's JVM frozen (SIGSTOP) while the block
 * prepares its container, an abort still ends the build at once. Had the start or the stop called the agent on
 * the CPS VM thread, the abort would wait for a channel that never answers.
 */
public class WithPytorchCudaHungAgentTest {

    @ClassRule
    public static BuildWatcher buildWatcher = new BuildWatcher();

    @Rule
    public JenkinsRule r = new JenkinsRule();

    @Test
    public void anAbortWhileTheAgentHangsEndsTheBuildAtOnce() throws Exception {
        String image = TestComponents.torchImage();
        DumbSlave agent = r.createOnlineSlave(Label.get("gpu"));
        long pid = agent.getChannel().call(new AgentPid());
        WorkflowJob job = r.createProject(WorkflowJob.class);
        job.setDefinition(new CpsFlowDefinition("node('gpu') {\n"
                + "  echo 'on the agent'\n"
                + "  sleep 2\n"
                + "  withPytorchCuda(image: '" + image + "', gpus: 'none', preflight: false) {\n"
                + "    echo 'body ran'\n"
                + "  }\n"
                + "}", true));
        WorkflowRun run = job.scheduleBuild2(0).waitForStart();
        r.waitForMessage("on the agent", run);
        signal("STOP", pid);
        try {
            r.waitForMessage("[Pipeline] withPytorchCuda", run);
            Thread.sleep(1000); // the step is now waiting for the frozen agent
            run.doStop();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (run.isBuilding() && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertFalse("the abort ended the build although the agent hangs", run.isBuilding());
            r.assertBuildStatus(Result.ABORTED, run);
            r.assertLogNotContains("body ran", run);
        } finally {
            signal("CONT", pid);
        }
    }

    private static void signal(String name, long pid) throws Exception {
        new ProcessBuilder("kill", "-" + name, Long.toString(pid)).inheritIO().start().waitFor();
    }

    private static final class AgentPid extends MasterToSlaveCallable<Long, RuntimeException> {
        @Override
        public Long call() {
            return ProcessHandle.current().pid();
        }
    }
}
