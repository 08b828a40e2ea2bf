package io.jenkins.plugins.gputraining.container;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import hudson.model.Result;
import io.jenkins.plugins.gputraining.TestComponents;
import java.util.List;
import java.util.regex.Pattern;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.jvnet.hudson.test.BuildWatcher;
import org.jvnet.hudson.test.JenkinsRule;

/** {@code agent { pytorchCuda { … } }} in Declarative Pipelines run by the real pipeline-model-definition. */
public class PytorchCudaAgentTest {

    @ClassRule
    public static BuildWatcher buildWatcher = new BuildWatcher();

    @Rule
    public JenkinsRule r = new JenkinsRule();

    private WorkflowRun run(String pipeline, Result expected) throws Exception {
        WorkflowJob job = r.createProject(WorkflowJob.class);
        job.setDefinition(new CpsFlowDefinition(pipeline, true));
        return r.buildAndAssertStatus(expected, job);
    }

    @Test
    public void theStagesOfAPipelineWithThisAgentRunInTheContainer() throws Exception {
        WorkflowRun run = run("pipeline {\n"
                + "  agent {\n"
                + "    pytorchCuda {\n"
                + "      image '" + TestComponents.torchImage() + "'\n"
                + "      gpus 'none'\n"
                + "      preflight false\n"
                + "      shmSize '256m'\n"
                + "    }\n"
                + "  }\n"
                + "  stages {\n"
                + "    stage('first') { steps { sh 'echo \"IN-CONTAINER image=${GPU_TRAINING_IMAGE:-none}\"' } }\n"
                + "    stage('second') {\n"
                + "      steps {\n"
                + "        sh 'python3 -c \"import torch; print(\\'torch\\', torch.__version__)\"'\n"
                + "        sh 'echo shm=$(df -k /dev/shm | tail -1 | tr -s \" \" | cut -d \" \" -f 2)'\n"
                + "      }\n"
                + "    }\n"
                + "  }\n"
                + "}", Result.SUCCESS);

        String log = r.getLog(run);
        assertTrue(log, Pattern.compile("IN-CONTAINER image=\\S+@sha256:[0-9a-f]{64}").matcher(log).find());
        assertTrue(log, Pattern.compile("(?m)^torch \\d+\\.\\d+").matcher(log).find());
        r.assertLogContains("shm=262144", run);
        assertEquals("one container for the whole Pipeline, removed at its end", List.of(), TestComponents.containersOf(run));
        assertEquals(1, log.split("Started container", -1).length - 1);
    }

    @Test
    public void aStageWithThisAgentReusesThePipelinesNodeAndOnlyItRunsInTheContainer() throws Exception {
        WorkflowRun run = run("pipeline {\n"
                + "  agent any\n"
                + "  stages {\n"
                + "    stage('outside') { steps { sh 'echo \"ON-THE-NODE image=${GPU_TRAINING_IMAGE:-none}\"' } }\n"
                + "    stage('inside') {\n"
                + "      agent { pytorchCuda { image '" + TestComponents.torchImage() + "'; gpus 'none'; preflight false; reuseNode true } }\n"
                + "      steps { sh 'echo \"IN-CONTAINER image=${GPU_TRAINING_IMAGE:-none}\"' }\n"
                + "    }\n"
                + "  }\n"
                + "}", Result.SUCCESS);

        r.assertLogContains("ON-THE-NODE image=none", run);
        r.assertLogContains("IN-CONTAINER image=" + TestComponents.torchImage(), run);
        assertEquals("the stage took no second node", 1, r.getLog(run).split("\\[Pipeline\\] node", -1).length - 1);
        assertEquals(List.of(), TestComponents.containersOf(run));
    }

    @Test
    public void declarativeValidationNamesAMissingImageAndAnUnknownOption() throws Exception {
        WorkflowRun noImage = run("pipeline {\n"
                + "  agent { pytorchCuda { gpus 'all' } }\n"
                + "  stages { stage('s') { steps { echo 'never' } } }\n"
                + "}", Result.FAILURE);
        r.assertLogContains("image", noImage);
        r.assertLogNotContains("never", noImage);

        WorkflowRun typo = run("pipeline {\n"
                + "  agent { pytorchCuda { image 'pytorch/pytorch'; gpu 'all' } }\n"
                + "  stages { stage('s') { steps { echo 'never' } } }\n"
                + "}", Result.FAILURE);
        r.assertLogContains("gpu", typo);
        r.assertLogContains("pytorchCuda", typo);
    }
}
