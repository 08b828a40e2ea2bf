package io.jenkins.plugins.gputraining.container;

import static org.junit.Assert.assertEquals;

import hudson.model.Computer;
import hudson.slaves.OfflineCause;
import io.jenkins.plugins.gputraining.TestComponents;
import java.util.List;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.jvnet.hudson.test.BuildWatcher;
import org.jvnet.hudson.test.InboundAgentRule;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.JenkinsSessionRule;

/**
 * An agent that loses its connection while a {@code withPytorchCuda} body runs on it. Remoting loads the plugin's
 * classes afresh for each connection, so nothing of the block may live in a static of the agent's JVM: the commands
 * after the reconnect find the block's container by its session through a fresh daemon connection, whether the
 * agent's JVM stayed (a new class loader) or was killed and started again. Either way the body goes on in the same
 * container, and the block removes it at its end.
 */
public class WithPytorchCudaAgentReconnectTest {

    @ClassRule
    public static BuildWatcher buildWatcher = new BuildWatcher();

    @Rule
    public JenkinsSessionRule sessions = new JenkinsSessionRule();

    @Rule
    public InboundAgentRule agents = new InboundAgentRule();

    private WorkflowRun startBlock(JenkinsRule r) throws Exception {
        String image = TestComponents.torchImage();
        agents.createAgent(r, InboundAgentRule.Options.newBuilder().name("gpu").label("gpu").build());
        WorkflowJob p = r.createProject(WorkflowJob.class, "p");
        p.setDefinition(new CpsFlowDefinition("node('gpu') {\n"
                + "  withPytorchCuda(image: '" + image + "', gpus: 'none', preflight: false) {\n"
                + "    sh 'hostname > before.txt; echo waiting; sleep 15; echo slept'\n"
                + "    sh 'test \"$(cat before.txt)\" = \"$(hostname)\" && echo same container'\n"
                + "  }\n"
                + "}", true));
        WorkflowRun b = p.scheduleBuild2(0).waitForStart();
        r.waitForMessage("waiting", b);
        return b;
    }

    private static void assertWentOnInTheSameContainerAndLeftNothing(JenkinsRule r, WorkflowRun b) throws Exception {
        r.assertBuildStatusSuccess(r.waitForCompletion(b));
        r.assertLogContains("slept", b);
        r.assertLogContains("same container", b);
        assertEquals(List.of(), TestComponents.containersOf(b));
    }

    @Test
    public void aReconnectOfTheSameAgentJvmLetsTheBodyGoOnInTheSameContainer() throws Throwable {
        sessions.then(r -> {
            WorkflowRun b = startBlock(r);
            Computer agent = r.jenkins.getComputer("gpu");
            agent.disconnect(new OfflineCause.ChannelTermination(new java.io.IOException("test: connection lost"))).get();
            while (agent.isOnline()) {
                Thread.sleep(100);
            }
            r.waitOnline((hudson.model.Slave) agent.getNode()); // the agent's JVM reconnects by itself: a new channel, new classes
            assertWentOnInTheSameContainerAndLeftNothing(r, b);
        });
    }

    @Test
    public void anAgentJvmKilledAndStartedAgainLetsTheBodyGoOnInTheSameContainer() throws Throwable {
        sessions.then(r -> {
            WorkflowRun b = startBlock(r);
            agents.stop(r, "gpu");
            agents.start(r, "gpu");
            assertWentOnInTheSameContainerAndLeftNothing(r, b);
        });
    }

    @Test
    public void aControllerRestartLetsTheBodyGoOnInTheSameContainerOnTheAgent() throws Throwable {
        String[] build = new String[1];
        sessions.then(r -> build[0] = startBlock(r).getExternalizableId());
        sessions.then(r -> assertWentOnInTheSameContainerAndLeftNothing(r, (WorkflowRun) hudson.model.Run.fromExternalizableId(build[0])));
    }
}
