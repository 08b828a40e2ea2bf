package io.jenkins.plugins.gputraining;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl;
import hudson.model.Item;
import hudson.model.User;
import hudson.security.ACL;
import hudson.security.ACLContext;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.gputraining.container.PytorchCudaAgent;
import io.jenkins.plugins.gputraining.container.WithPytorchCudaStep;
import java.net.URL;
import java.util.List;
import jenkins.model.Jenkins;
import org.htmlunit.HttpMethod;
import org.htmlunit.WebRequest;
import org.htmlunit.util.NameValuePair;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;

/**
 * The steps' form checks and drop-downs in a real Jenkins, for users with different permissions on the job: what
 * each may see, and that only someone who may configure the job makes the controller ask a registry.
 */
public class StepFormChecksTest {

    @Rule
    public JenkinsRule r = new JenkinsRule();

    private WorkflowJob job;
    private TrainAndRegisterStep.DescriptorImpl train;

    @Before
    public void setUp() throws Exception {
        job = r.createProject(WorkflowJob.class, "p");
        r.jenkins.setSecurityRealm(r.createDummySecurityRealm());
        r.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.ADMINISTER).everywhere().to("admin")
                .grant(Jenkins.READ, Item.READ, Item.EXTENDED_READ, Item.CONFIGURE).everywhere().to("configurer")
                .grant(Jenkins.READ, Item.READ, Item.EXTENDED_READ).everywhere().to("extended")
                .grant(Jenkins.READ, Item.READ).everywhere().to("viewer"));
        GpuTrainingConfiguration.get().setRegistries(List.of(new ModelRegistryEntry("staging", "local", "/srv/staging"),
                new ModelRegistryEntry("prod", "oci", "registry.example/ml/models")));
        train = r.jenkins.getDescriptorByType(TrainAndRegisterStep.DescriptorImpl.class);
    }

    private static List<String> values(ListBoxModel model) {
        return model.stream().map(o -> o.value).toList();
    }

    /** The image check's answer over HTTP, as the form's field asks it, for {@code user}. */
    private String checkImageOverHttp(String user, String value) throws Exception {
        JenkinsRule.WebClient wc = r.createWebClient().login(user);
        WebRequest request = new WebRequest(new URL(r.getURL(), job.getUrl() + "descriptorByName/"
                + TrainAndRegisterStep.class.getName() + "/checkImage"), HttpMethod.POST);
        request.setRequestParameters(List.of(new NameValuePair("value", value),
                new NameValuePair(r.jenkins.getCrumbIssuer().getDescriptor().getCrumbRequestField(), r.jenkins.getCrumbIssuer().getCrumb())));
        return wc.getPage(request).getWebResponse().getContentAsString();
    }

    @Test
    public void theRegistryDropDownListsTheConfiguredNamesToWhoMayReadTheJobsConfiguration() {
        try (ACLContext ignored = ACL.as(User.getById("viewer", true))) {
            assertEquals(List.of(""), values(train.doFillRegistryItems(job, "")));
        }
        try (ACLContext ignored = ACL.as(User.getById("extended", true))) {
            ListBoxModel items = train.doFillRegistryItems(job, "");
            assertEquals(List.of("", "staging", "prod"), values(items));
            assertEquals("prod (oci)", items.get(2).name);
            assertTrue(items.get(0).name, items.get(0).name.contains("staging"));
        }
    }

    @Test
    public void aRegistryNameTheFormHoldsStaysSelectableWhenNoLongerConfigured() {
        try (ACLContext ignored = ACL.as(User.getById("extended", true))) {
            assertEquals(List.of("", "staging", "prod", "qa"), values(train.doFillRegistryItems(job, "qa")));
        }
    }

    @Test
    public void aTagIsPinnedByTheRegistrysDigestForWhoMayConfigureTheJob() throws Exception {
        String tagged = TestComponents.torchTagged();
        String pinned = TestComponents.torchImage();
        String digest = pinned.substring(pinned.indexOf('@'));

        String answer = checkImageOverHttp("configurer", tagged);

        assertTrue(answer, answer.contains("warning"));
        assertTrue(answer, answer.contains(tagged + digest));
    }

    @Test
    public void withoutConfigurePermissionNoRegistryIsAskedAndTheTextAloneIsJudged() throws Exception {
        String answer = checkImageOverHttp("extended", TestComponents.torchTagged());

        assertTrue(answer, answer.contains("warning"));
        assertFalse(answer, answer.contains("@sha256:"));
        assertTrue(answer, answer.contains("--require-pinned"));
    }

    @Test
    public void outsideAJobOnlyAnAdministratorMakesTheControllerAskARegistry() {
        String tagged = TestComponents.torchTagged();
        try (ACLContext ignored = ACL.as(User.getById("configurer", true))) {
            assertFalse(train.doCheckImage(null, tagged).getMessage().contains("@sha256:"));
        }
        try (ACLContext ignored = ACL.as(User.getById("admin", true))) {
            assertTrue(train.doCheckImage(null, tagged).getMessage().contains("@sha256:"));
        }
    }

    @Test
    public void pinnedInvalidAndBlankImagesAreJudgedAsTheBuildWouldJudgeThem() {
        WithPytorchCudaStep.DescriptorImpl block = r.jenkins.getDescriptorByType(WithPytorchCudaStep.DescriptorImpl.class);
        try (ACLContext ignored = ACL.as(User.getById("configurer", true))) {
            assertEquals(FormValidation.Kind.OK, train.doCheckImage(job, "registry.example/pt@sha256:" + "a".repeat(64)).kind);
            assertEquals(FormValidation.Kind.ERROR, train.doCheckImage(job, "Registry.Example/PT:1").kind);
            assertEquals("blank means the default image", FormValidation.Kind.OK, train.doCheckImage(job, " ").kind);
            assertEquals("withPytorchCuda needs one", FormValidation.Kind.ERROR, block.doCheckImage(job, "").kind);
        }
    }

    @Test
    public void gpusMemoryShmSizeAndMountsAreReadAsTheEngineReadsThem() {
        WithPytorchCudaStep.DescriptorImpl block = r.jenkins.getDescriptorByType(WithPytorchCudaStep.DescriptorImpl.class);

        assertEquals(FormValidation.Kind.OK, train.doCheckGpus("0,1").kind);
        assertEquals(FormValidation.Kind.ERROR, train.doCheckGpus("-2").kind);
        assertEquals(FormValidation.Kind.ERROR, train.doCheckGpus("99999999999").kind);
        assertEquals(FormValidation.Kind.OK, train.doCheckMemory("8g").kind);
        assertTrue(train.doCheckMemory("8g").getMessage().contains("8 GiB"));
        assertEquals(FormValidation.Kind.ERROR, train.doCheckMemory("4m").kind);
        assertEquals(FormValidation.Kind.ERROR, block.doCheckShmSize("lots").kind);
        assertEquals(FormValidation.Kind.OK, block.doCheckMounts("/data/imagenet\n/srv/tok:/tokenizer:ro").kind);
        FormValidation socket = block.doCheckMounts("/data\n/var/run/docker.sock:/var/run/docker.sock");
        assertEquals(FormValidation.Kind.ERROR, socket.kind);
        assertTrue(socket.getMessage(), socket.getMessage().contains("daemon"));
        PytorchCudaAgent.DescriptorImpl agent = r.jenkins.getDescriptorByType(PytorchCudaAgent.DescriptorImpl.class);
        assertEquals("the agent's mounts are separated by commas", FormValidation.Kind.OK,
                agent.doCheckMounts("/data/imagenet, /srv/tok:/tokenizer").kind);
        assertEquals(FormValidation.Kind.ERROR, agent.doCheckMounts("/data, /run").kind);
    }

    @Test
    public void theRegistryCredentialsListedAreTheOnesABuildCanUse() throws Exception {
        SystemCredentialsProvider.getInstance().getCredentials().add(new UsernamePasswordCredentialsImpl(
                CredentialsScope.GLOBAL, "registry-bot", "usable by builds", "bot", "password"));
        SystemCredentialsProvider.getInstance().getCredentials().add(new UsernamePasswordCredentialsImpl(
                CredentialsScope.SYSTEM, "jenkins-only", "for Jenkins itself", "bot", "password"));
        ModelRegistryEntry.DescriptorImpl entry = r.jenkins.getDescriptorByType(ModelRegistryEntry.DescriptorImpl.class);

        try (ACLContext ignored = ACL.as(User.getById("admin", true))) {
            assertEquals(List.of("", "registry-bot"), values(entry.doFillCredentialsIdItems("")));
            assertEquals(FormValidation.Kind.OK, entry.doCheckCredentialsId("registry-bot").kind);
            FormValidation system = entry.doCheckCredentialsId("jenkins-only");
            assertEquals(FormValidation.Kind.ERROR, system.kind);
            assertTrue(system.getMessage(), system.getMessage().contains("System scope"));
            assertEquals(FormValidation.Kind.WARNING, entry.doCheckCredentialsId("in-a-folder").kind);
        }
        try (ACLContext ignored = ACL.as(User.getById("configurer", true))) {
            assertEquals(List.of("jenkins-only"), values(entry.doFillCredentialsIdItems("jenkins-only")));
            assertEquals("nothing is said to non-administrators", FormValidation.Kind.OK, entry.doCheckCredentialsId("jenkins-only").kind);
        }
    }
}
