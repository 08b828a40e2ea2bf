package io.jenkins.plugins.gputraining;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import hudson.model.Computer;
import hudson.model.Result;
import java.io.File;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.jvnet.hudson.test.BuildWatcher;
import org.jvnet.hudson.test.InboundAgentRule;
import org.jvnet.hudson.test.JenkinsSessionRule;

/**
 * {@code trainAndRegister} survives what Jenkins does to a long step, as {@code sh} does: a controller restart and an
 * agent whose JVM is killed and comes back, each in the middle of a training on an inbound agent. Either way the
 * build ends with the version registered once, every line of the training's log in the build log exactly once, and no
 * container left.
 */
public class DurableTrainingTest {

    @ClassRule
    public static BuildWatcher buildWatcher = new BuildWatcher();

    @Rule
    public JenkinsSessionRule sessions = new JenkinsSessionRule();

    @Rule
    public InboundAgentRule agents = new InboundAgentRule();

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private File registry;

    private WorkflowRun startTraining(org.jvnet.hudson.test.JenkinsRule r) throws Exception {
        String image = TestComponents.torchImage();
        registry = tmp.newFolder("registry");
        GpuTrainingConfiguration.get().setRegistries(List.of(new ModelRegistryEntry("local", "local", registry.getPath())));
        GpuTrainingConfiguration.get().setGpuLockDirectory(tmp.newFolder("locks").getPath());
        agents.createAgent(r, InboundAgentRule.Options.newBuilder().name("gpu").label("gpu").build());
        WorkflowJob job = r.createProject(WorkflowJob.class, "train");
        job.setDefinition(new CpsFlowDefinition("node('gpu') {\n"
                + "  writeFile file: 'train.py', text: \"" + TrainingScript.python() + "\"\n"
                + "  def v = trainAndRegister model: 'tiny', command: 'python3 train.py', image: '" + image + "',\n"
                + "      gpus: 'none', preflight: false, artifacts: 'model.bin'\n"
                + "  echo \"registered ${v.model} version ${v.version}\"\n"
                + "}", true));
        WorkflowRun b = job.scheduleBuild2(0).waitForStart();
        r.waitForMessage("progress 03", b);
        return b;
    }

    private void assertRegisteredOnceWithTheWholeLogAndNothingLeft(org.jvnet.hudson.test.JenkinsRule r, WorkflowRun b, String owner)
            throws Exception {
        r.assertBuildStatusSuccess(r.waitForCompletion(b));
        String log = r.getLog(b);
        int[] once = new int[TrainingScript.LINES];
        Arrays.fill(once, 1);
        assertArrayEquals("every progress line once: " + log, once, TrainingScript.progressCounts(log));
        r.assertLogContains("registered tiny version 1", b);
        try (Stream<java.nio.file.Path> versions = Files.list(registry.toPath().resolve("models/tiny/versions"))) {
            assertEquals("one version", 1, versions.count());
        }
        assertEquals(List.of(), TestComponents.containersOf(owner));
    }

    @Test
    public void aControllerRestartInTheMiddleOfATrainingLosesNothingAndRegistersOnce() throws Throwable {
        String[] owner = new String[1];
        sessions.then(r -> owner[0] = startTraining(r).getAbsoluteUrl());
        sessions.then(r -> {
            WorkflowRun b = r.jenkins.getItemByFullName("train", WorkflowJob.class).getBuildByNumber(1);
            assertRegisteredOnceWithTheWholeLogAndNothingLeft(r, b, owner[0]);
            r.assertLogContains("reading its log on from where it stopped", b);
        });
    }

    @Test
    public void anAgentKilledAndBackInTheMiddleOfATrainingLosesNothingAndRegistersOnce() throws Throwable {
        sessions.then(r -> {
            WorkflowRun b = startTraining(r);
            Computer agent = r.jenkins.getComputer("gpu");
            agents.stop("gpu"); // the agent's JVM is killed outright: only the container goes on
            while (agent.isOnline()) {
                Thread.sleep(100);
            }
            r.waitForMessage("The agent gpu is offline; the training goes on in its container", b);
            Thread.sleep(3000);
            agents.start(r, "gpu");
            r.waitForMessage("The agent gpu is back", b);
            assertRegisteredOnceWithTheWholeLogAndNothingLeft(r, b, b.getAbsoluteUrl());
        });
    }

    @Test
    public void aContainerRemovedDuringTheTrainingFailsTheStepSayingWhatWasLost() throws Throwable {
        sessions.then(r -> {
            WorkflowRun b = startTraining(r);
            for (String id : TestComponents.containersOf(b.getAbsoluteUrl())) {
                TestComponents.removeContainer(id);
            }
            r.assertBuildStatus(Result.FAILURE, r.waitForCompletion(b));
            r.assertLogContains("The training's container (run ", b);
            r.assertLogContains("is gone", b);
            r.assertLogContains("nothing was registered; the files it wrote are in ", b);
            r.assertLogNotContains("registered tiny version", b);
        });
    }

    @Test
    public void anAbortRemovesTheTrainingsContainerAtOnce() throws Throwable {
        sessions.then(r -> {
            WorkflowRun b = startTraining(r);
            b.doStop();
            r.assertBuildStatus(Result.ABORTED, r.waitForCompletion(b));
            for (int i = 0; i < 100 && !TestComponents.containersOf(b.getAbsoluteUrl()).isEmpty(); i++) {
                Thread.sleep(100);
            }
            assertEquals(List.of(), TestComponents.containersOf(b.getAbsoluteUrl()));
            r.assertLogNotContains("progress 23", b);
        });
    }
}
