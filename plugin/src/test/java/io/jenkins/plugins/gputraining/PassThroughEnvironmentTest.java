package io.jenkins.plugins.gputraining;

import static org.junit.Assert.assertEquals;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.domains.Domain;
import hudson.model.Label;
import hudson.model.Result;
import hudson.util.Secret;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl;
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
 * {@code env: ['HF_TOKEN']} passes the build's own variable into the training, as {@code docker run -e HF_TOKEN} does:
 * a secret bound by {@code withCredentials} reaches the training and is never in the log, even where the training
 * prints it; a value the build set some other way is masked just the same.
 */
public class PassThroughEnvironmentTest {

    private static final String SECRET = "hf_Zq7rT2xL9vK4mN8pW3sY";

    /** Prints the variable and writes its sha256 where the step collects artifacts: a shell in the small image. */
    private static final String COMMAND = "sh -c \"echo token is $%1$s; printf %%s $%1$s | sha256sum > $GPU_TRAINING_OUTPUT_DIR/token.sha256\"";

    @ClassRule
    public static BuildWatcher buildWatcher = new BuildWatcher();

    @Rule
    public JenkinsRule r = new JenkinsRule();

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private File registry;

    @Before
    public void setUp() throws Exception {
        registry = tmp.newFolder("registry");
        GpuTrainingConfiguration.get().setRegistries(List.of(new ModelRegistryEntry("local", "local", registry.getPath())));
        GpuTrainingConfiguration.get().setGpuLockDirectory(tmp.newFolder("locks").getPath());
    }

    private String train(String variable) {
        return "writeFile file: 'README', text: 'the workspace exists'\n    trainAndRegister model: 'tok', image: '" + TestComponents.smallImage() + "', gpus: 'none', preflight: false,"
                + " artifacts: 'token.sha256', env: ['EPOCHS=1', '" + variable + "'], command: '"
                + String.format(COMMAND, variable) + "'\n";
    }

    /** The sha256 the training wrote, as registered. */
    private String registeredHash() throws Exception {
        try (Stream<Path> files = Files.walk(registry.toPath())) {
            Path file = files.filter(p -> p.getFileName().toString().equals("token.sha256")).findFirst().orElseThrow();
            return Files.readString(file).split("\\s+")[0];
        }
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    public void aWithCredentialsSecretPassedByNameReachesTheTrainingAndNeverTheLog() throws Exception {
        CredentialsProvider.lookupStores(r.jenkins).iterator().next().addCredentials(Domain.global(),
                new StringCredentialsImpl(CredentialsScope.GLOBAL, "hf-token", "Hugging Face", Secret.fromString(SECRET)));
        WorkflowJob job = r.createProject(WorkflowJob.class, "with-credentials");
        job.setDefinition(new CpsFlowDefinition("node {\n"
                + "  withCredentials([string(credentialsId: 'hf-token', variable: 'HF_TOKEN')]) {\n"
                + "    " + train("HF_TOKEN")
                + "  }\n"
                + "}", true));

        WorkflowRun run = r.buildAndAssertSuccess(job);

        r.assertLogContains("token is ****", run);
        r.assertLogNotContains(SECRET, run);
        assertEquals("the training got the secret itself", sha256(SECRET), registeredHash());
    }

    @Test
    public void aValueTheBuildSetWithoutCredentialsIsMaskedByTheStepItself() throws Exception {
        WorkflowJob job = r.createProject(WorkflowJob.class, "with-env");
        job.setDefinition(new CpsFlowDefinition("node {\n"
                + "  withEnv(['API_KEY=" + SECRET + "']) {\n"
                + "    " + train("API_KEY")
                + "  }\n"
                + "}", true));

        WorkflowRun run = r.buildAndAssertSuccess(job);

        r.assertLogContains("token is ****", run);
        r.assertLogNotContains(SECRET, run);
        assertEquals(sha256(SECRET), registeredHash());
    }

    /** On a real agent the listener crosses the channel: the masking travels with it and works there. */
    @Test
    public void onAnAgentTheValueIsMaskedAsWell() throws Exception {
        r.createOnlineSlave(Label.get("remote"));
        WorkflowJob job = r.createProject(WorkflowJob.class, "on-agent");
        job.setDefinition(new CpsFlowDefinition("node('remote') {\n"
                + "  withEnv(['API_KEY=" + SECRET + "']) {\n"
                + "    " + train("API_KEY")
                + "  }\n"
                + "}", true));

        WorkflowRun run = r.buildAndAssertSuccess(job);

        r.assertLogContains("token is ****", run);
        r.assertLogNotContains(SECRET, run);
        assertEquals(sha256(SECRET), registeredHash());
    }

    @Test
    public void aNameTheBuildDoesNotHaveFailsTheBuildBeforeAnythingRuns() throws Exception {
        WorkflowJob job = r.createProject(WorkflowJob.class, "unbound");
        job.setDefinition(new CpsFlowDefinition("node {\n  " + train("HF_TOKEN") + "}", true));

        WorkflowRun run = r.buildAndAssertStatus(Result.FAILURE, job);

        r.assertLogContains("env entry 'HF_TOKEN' passes the build's variable HF_TOKEN, but the build has none", run);
        r.assertLogNotContains("token is", run);
        assertEquals(List.of(), TestComponents.containersOf(run));
    }
}
