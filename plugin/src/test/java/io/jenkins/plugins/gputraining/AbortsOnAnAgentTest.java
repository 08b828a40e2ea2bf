package io.jenkins.plugins.gputraining;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import hudson.model.Label;
import hudson.model.Result;
import hudson.slaves.DumbSlave;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;
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
 * What a user does to a running build: abort it, or let {@code timeout} stop a command, on an agent whose PATH has
 * the replayed 2×H200 host. Each ends with no container of the build left ({@code docker ps -a} by the owner label),
 * no GPU lease held (every GPU can be leased at once from this JVM, another process than the agent) and no process
 * of the training left. The agent's JVM does its cleanup after the controller's step has ended, so each is awaited
 * for a bounded time.
 */
public class AbortsOnAnAgentTest {

    private static final long CLEANUP_SECONDS = 30;

    @ClassRule
    public static BuildWatcher buildWatcher = new BuildWatcher();

    @Rule
    public JenkinsRule r = new JenkinsRule();

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private ReplayedGpuHost host;
    private DumbSlave agent;
    private String image;
    /** In the training script's name, so that its process can be found on this host. */
    private final String marker = "slow-" + UUID.randomUUID().toString().substring(0, 8);

    @Before
    public void agentWithGpus() throws Exception {
        image = TestComponents.torchImage();
        host = ReplayedGpuHost.h200x2(tmp.newFolder("host").toPath());
        GpuTrainingConfiguration.get().setRegistries(List.of(new ModelRegistryEntry("local", "local", tmp.newFolder("registry").getPath())));
        agent = r.createOnlineSlave(Label.get("gpu"), host.agentEnvironment());
    }

    /** A training that says it started, then runs for five minutes. */
    private String slowTraining() {
        return "  writeFile file: '" + marker + ".py', text: \"import time\\nprint('training started', flush=True)\\ntime.sleep(300)\\n\"\n";
    }

    private WorkflowRun startAndAbortAt(String message, String script) throws Exception {
        WorkflowJob job = r.createProject(WorkflowJob.class);
        job.setDefinition(new CpsFlowDefinition("node('gpu') {\n" + script + "}", true));
        WorkflowRun run = job.scheduleBuild2(0).waitForStart();
        r.waitForMessage(message, run);
        return run;
    }

    private void abort(WorkflowRun run) throws Exception {
        run.doStop();
        r.assertBuildStatus(Result.ABORTED, r.waitForCompletion(run));
    }

    @Test
    public void abortingTrainAndRegisterInItsContainerLeavesNoContainer() throws Exception {
        WorkflowRun run = startAndAbortAt("training started", slowTraining()
                + "  trainAndRegister model: 'aborted', command: 'python3 " + marker + ".py', image: '" + image + "', gpus: 'none',"
                + " allowCpuFallback: true\n");
        assertEquals("the training's container runs", 1, TestComponents.containersOf(run).size());

        abort(run);

        await("the training's container is removed", () -> TestComponents.containersOf(run).isEmpty());
        r.assertLogNotContains("Registered", run);
    }

    @Test
    public void abortingTrainAndRegisterOnTheAgentsGpusReleasesThemAndEndsTheTraining() throws Exception {
        WorkflowRun run = startAndAbortAt("training started", slowTraining()
                + "  trainAndRegister model: 'aborted', command: 'python3 " + marker + ".py', runtime: 'local', gpus: 'all',"
                + " preflight: false\n");
        host.assertLeaseHeld();
        assertFalse("the training runs on the agent's host", trainingProcesses().isEmpty());

        abort(run);

        await("the training's process ends", () -> trainingProcesses().isEmpty());
        await("the GPUs can be leased again", this::noLeaseHeld);
        host.assertNoLeaseHeld();
    }

    @Test
    public void abortingAWithPytorchCudaBodyRemovesItsContainerFromTheAgent() throws Exception {
        WorkflowRun run = startAndAbortAt("sleeping", "  withPytorchCuda(image: '" + image + "', gpus: 'none', preflight: false) {\n"
                + "    sh 'echo sleeping; sleep 300'\n"
                + "  }\n");
        assertEquals(1, TestComponents.containersOf(run).size());

        abort(run);

        await("the block's container is removed", () -> TestComponents.containersOf(run).isEmpty());
        host.assertNoLeaseHeld();
    }

    /** {@code timeout} ends the stopped {@code sh} in the container; the block goes on and ends as usual. */
    @Test
    public void aTimeoutAroundAShInTheBlockEndsItsProcessAndTheBlockStillCleansUp() throws Exception {
        WorkflowJob job = r.createProject(WorkflowJob.class);
        job.setDefinition(new CpsFlowDefinition("node('gpu') {\n"
                + "  withPytorchCuda(image: '" + image + "', gpus: 'none', preflight: false) {\n"
                + "    try {\n"
                + "      timeout(time: 5, unit: 'SECONDS') {\n"
                + "        sh 'echo beating; while true; do date +%s%N > beat; sleep 1; done'\n"
                + "      }\n"
                + "    } catch (e) {\n"
                + "      echo 'the timeout stopped the step'\n"
                + "    }\n"
                + "    sh 'a=$(cat beat); sleep 3; b=$(cat beat); if [ \"$a\" = \"$b\" ]; then echo heartbeat stopped; else echo still beating; fi'\n"
                + "  }\n"
                + "}", true));

        WorkflowRun run = r.buildAndAssertSuccess(job);

        r.assertLogContains("the timeout stopped the step", run);
        r.assertLogContains("of the stopped step in the container", run);
        r.assertLogContains("heartbeat stopped", run);
        assertEquals(List.of(), TestComponents.containersOf(run));
    }

    private List<ProcessHandle> trainingProcesses() {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(marker + ".py") && !c.contains("docker")).orElse(false))
                .toList();
    }

    private boolean noLeaseHeld() {
        try {
            host.assertNoLeaseHeld();
            return true;
        } catch (AssertionError | InterruptedException held) {
            return false;
        }
    }

    /** Waits for {@code condition}; prints how long it took after the build ended. */
    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + CLEANUP_SECONDS * 1_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": not within " + CLEANUP_SECONDS + " s");
            }
            Thread.sleep(100);
        }
        System.out.printf("%s: %d ms after the build ended%n", what, (System.nanoTime() - start) / 1_000_000);
    }
}
