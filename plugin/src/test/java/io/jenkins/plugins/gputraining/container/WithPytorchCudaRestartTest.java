package io.jenkins.plugins.gputraining.container;

import static org.junit.Assert.assertEquals;

import io.jenkins.plugins.gputraining.TestComponents;
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
 * A controller restart while the body runs. The agent's JVM (here the test JVM, which outlives the Jenkins
 * session like a remote agent outlives its controller) keeps the container open, so the body goes on in it
 * and the container is removed when the block ends.
 */
public class WithPytorchCudaRestartTest {

    @ClassRule
    public static BuildWatcher buildWatcher = new BuildWatcher();

    @Rule
    public JenkinsSessionRule sessions = new JenkinsSessionRule();

    @Test
    public void theBodyGoesOnInTheSameContainerAfterARestartAndItIsRemovedAtTheEnd() throws Throwable {
        String image = TestComponents.torchImage();
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
        });
        sessions.then(r -> {
            WorkflowRun b = r.jenkins.getItemByFullName("p", WorkflowJob.class).getBuildByNumber(1);
            r.waitForCompletion(b);
            r.assertBuildStatusSuccess(b);
            r.assertLogContains("same container", b);
            assertEquals(List.of(), TestComponents.containersOf(b.getUrl()));
        });
    }
}
