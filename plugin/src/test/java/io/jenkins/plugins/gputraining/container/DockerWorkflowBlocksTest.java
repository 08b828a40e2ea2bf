package io.jenkins.plugins.gputraining.container;

import static org.junit.Assert.assertEquals;

import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl;
import hudson.model.Result;
import io.jenkins.plugins.gputraining.TestComponents;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.jvnet.hudson.test.BuildWatcher;
import org.jvnet.hudson.test.JenkinsRule;

/**
 * Inside docker-workflow's blocks the steps use what the block set up: {@code withDockerRegistry}'s login (the
 * config its {@code docker login} wrote to the build's {@code DOCKER_CONFIG}) and {@code withDockerServer}'s
 * daemon ({@code DOCKER_HOST}). The test registry takes any login, so the log line is what shows whose login
 * was used (the engine's tests show it against a registry that checks it).
 */
public class DockerWorkflowBlocksTest {

    @ClassRule
    public static BuildWatcher buildWatcher = new BuildWatcher();

    @Rule
    public JenkinsRule r = new JenkinsRule();

    @Test
    public void stepsInsideWithDockerRegistryUseItsLoginAndStepsOutsideDoNot() throws Exception {
        String registry = TestComponents.registry();
        String tagged = TestComponents.torchTagged();
        SystemCredentialsProvider.getInstance().getCredentials().add(new UsernamePasswordCredentialsImpl(
                CredentialsScope.GLOBAL, "registry-login", null, "ci-bot", "ci-bot-password"));
        WorkflowJob job = r.createProject(WorkflowJob.class, "registry-login");
        job.setDefinition(new CpsFlowDefinition("node {\n"
                + "  withDockerRegistry(url: 'http://" + registry + "', credentialsId: 'registry-login') {\n"
                + "    withPytorchCuda(image: '" + tagged + "', gpus: 'none', preflight: false) {\n"
                + "      sh 'echo \"config=[${DOCKER_CONFIG:-unset}]\"'\n"
                + "    }\n"
                + "    gpuHealthCheck image: '" + tagged + "', gpus: 'none', minGpus: 0, allowCpuFallback: true\n"
                + "  }\n"
                + "  gpuHealthCheck image: '" + tagged + "', gpus: 'none', minGpus: 0, allowCpuFallback: true\n"
                + "}", true));

        WorkflowRun run = r.buildAndAssertSuccess(job);

        String log = JenkinsRule.getLog(run);
        // the directory is docker-commons' temporary one, under JENKINS_HOME (whose name has a space)
        Matcher login = Pattern.compile("Logging in to " + Pattern.quote(registry)
                + " as user 'ci-bot' \\(credentials '([^']+)/config\\.json'\\)").matcher(log);
        int inside = 0;
        String directory = null;
        while (login.find()) {
            inside++;
            directory = login.group(1);
        }
        assertEquals("one login per step inside the block, none outside:\n" + log, 2, inside);
        r.assertLogContains("config=[" + directory + "]", run);
        r.assertLogNotContains("ci-bot-password", run);
    }

    @Test
    public void withPytorchCudaInsideWithDockerServerTalksToThatServer() throws Exception {
        TestComponents.torchImage();
        WorkflowJob job = r.createProject(WorkflowJob.class, "docker-server");
        // nothing listens on port 1: the block's container start must try there, not the agent's own daemon
        job.setDefinition(new CpsFlowDefinition("node {\n"
                + "  withDockerServer(server: [uri: 'tcp://127.0.0.1:1']) {\n"
                + "    withPytorchCuda(image: 'registry.example/pytorch@sha256:" + "a".repeat(64) + "', gpus: 'none') {\n"
                + "      echo 'body ran'\n"
                + "    }\n"
                + "  }\n"
                + "}", true));

        WorkflowRun run = r.buildAndAssertStatus(Result.FAILURE, job);

        r.assertLogContains("Cannot reach the Docker daemon at tcp://127.0.0.1:1", run);
        r.assertLogNotContains("body ran", run);
    }
}
