package io.jenkins.plugins.gputraining;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl;
import hudson.model.User;
import io.gputraining.engine.EngineException;
import io.gputraining.engine.registry.mlflow.MlflowSettings;
import org.htmlunit.html.DomNode;
import org.htmlunit.html.HtmlElement;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlPage;
import hudson.security.ACL;
import hudson.security.ACLContext;
import hudson.security.AccessDeniedException3;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import java.util.List;
import jenkins.model.Jenkins;
import org.junit.Rule;
import org.junit.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;

public class GpuTrainingConfigurationTest {

    @Rule
    public JenkinsRule r = new JenkinsRule();

    @Test
    public void settingsSurviveTheConfigurationForm() throws Exception {
        SystemCredentialsProvider.getInstance().getCredentials().add(new UsernamePasswordCredentialsImpl(
                CredentialsScope.GLOBAL, "registry-bot", "model registry", "bot", "password"));
        ModelRegistryEntry oci = new ModelRegistryEntry("prod", "oci", "registry.example/ml/models");
        oci.setCredentialsId("registry-bot");
        ModelRegistryEntry mlflow = new ModelRegistryEntry("tracking", "mlflow", "http://mlflow.example:5000");
        mlflow.setMlflowVerify("read-back");
        GpuTrainingConfiguration config = GpuTrainingConfiguration.get();
        config.setRegistries(List.of(new ModelRegistryEntry("scratch", "local", "/srv/models"), oci, mlflow));
        config.setDefaultRegistry("prod");
        config.setDefaultImage("registry.example/pytorch@sha256:" + "c".repeat(64));
        config.setRequirePinned(true);
        config.setPull("never");
        config.setGpuLockDirectory("/var/lock/gpu-training");

        r.configRoundtrip();

        GpuTrainingConfiguration after = GpuTrainingConfiguration.get();
        r.assertEqualDataBoundBeans(List.of(new ModelRegistryEntry("scratch", "local", "/srv/models"), oci, mlflow), after.getRegistries());
        assertEquals("read-back", after.registry("tracking").orElseThrow().getMlflowVerify());
        assertEquals("prod", after.getDefaultRegistry());
        assertEquals("registry.example/pytorch@sha256:" + "c".repeat(64), after.getDefaultImage());
        assertEquals(true, after.isRequirePinned());
        assertEquals("never", after.getPull());
        assertEquals("never", after.siteSettings().pull());
        assertEquals("/var/lock/gpu-training", after.getGpuLockDirectory());
    }

    @Test
    public void deletingTheLastRegistryInTheFormRemovesIt() throws Exception {
        GpuTrainingConfiguration.get().setRegistries(List.of(new ModelRegistryEntry("scratch", "local", "/srv/models")));
        JenkinsRule.WebClient web = r.createWebClient();
        HtmlPage page = web.goTo("configure");
        HtmlForm form = page.getFormByName("config");
        DomNode chunk = form.getInputByValue("scratch");
        while (!(chunk instanceof HtmlElement element && element.getAttribute("class").contains("repeated-chunk"))) {
            chunk = chunk.getParentNode();
        }
        HtmlElement delete = chunk.querySelector("button.repeatable-delete");
        delete.click();
        web.waitForBackgroundJavaScript(2000);

        r.submit(form);

        assertEquals(List.of(), GpuTrainingConfiguration.get().getRegistries());
        assertEquals("what was saved", List.of(), new GpuTrainingConfiguration().getRegistries());
    }

    @Test
    public void aStepWithoutRegistryGetsTheDefaultOneElseTheFirst() {
        GpuTrainingConfiguration config = GpuTrainingConfiguration.get();
        config.setRegistries(List.of(new ModelRegistryEntry("a", "local", "/a"), new ModelRegistryEntry("b", "local", "/b")));
        assertEquals("a", config.registry(null).orElseThrow().getName());
        config.setDefaultRegistry("b");
        assertEquals("b", config.registry(null).orElseThrow().getName());
        assertEquals("a", config.registry("a").orElseThrow().getName());
    }

    @Test
    public void anMlflowRegistrysUploadVerificationReachesTheEngineAndDefaultsToTheEngines() {
        ModelRegistryEntry configured = new ModelRegistryEntry("tracking", "mlflow", "http://mlflow.example:5000");
        configured.setMlflowVerify("read-back");
        ModelRegistryEntry unset = new ModelRegistryEntry("plain", "mlflow", "http://mlflow.example:5000");
        ModelRegistryEntry wrong = new ModelRegistryEntry("typo", "mlflow", "http://mlflow.example:5000");
        wrong.setMlflowVerify("sha256");

        assertEquals(MlflowSettings.Verification.READ_BACK, configured.toConfig(null).mlflowVerification());
        assertEquals(MlflowSettings.DEFAULT_VERIFICATION, unset.toConfig(null).mlflowVerification());
        EngineException refused = assertThrows(EngineException.class, () -> wrong.toConfig(null));
        assertTrue(refused.getMessage(), refused.getMessage().contains("'typo'") && refused.getMessage().contains("'read-back'"));
    }

    @Test
    public void locationValidationIsForAdministratorsOnly() {
        r.jenkins.setSecurityRealm(r.createDummySecurityRealm());
        r.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.ADMINISTER).everywhere().to("admin")
                .grant(Jenkins.READ).everywhere().to("reader"));
        ModelRegistryEntry.DescriptorImpl descriptor = r.jenkins.getDescriptorByType(ModelRegistryEntry.DescriptorImpl.class);

        try (ACLContext ignored = ACL.as(User.getById("reader", true))) {
            RuntimeException denied = assertThrows(RuntimeException.class, () -> descriptor.doCheckLocation("local", "/srv/models"));
            assertEquals(AccessDeniedException3.class, denied.getClass());
        }
        try (ACLContext ignored = ACL.as(User.getById("admin", true))) {
            assertEquals(FormValidation.Kind.OK, descriptor.doCheckLocation("local", "/srv/models").kind);
            assertEquals(FormValidation.Kind.ERROR, descriptor.doCheckLocation("oci", "registry.example").kind);
            assertEquals(FormValidation.Kind.ERROR, descriptor.doCheckLocation("mlflow", "mlflow.example:5000").kind);
        }
    }

    @Test
    public void credentialsAreListedToAdministratorsOnly() throws Exception {
        SystemCredentialsProvider.getInstance().getCredentials().add(new UsernamePasswordCredentialsImpl(
                CredentialsScope.GLOBAL, "registry-bot", "model registry", "bot", "password"));
        r.jenkins.setSecurityRealm(r.createDummySecurityRealm());
        r.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.ADMINISTER).everywhere().to("admin")
                .grant(Jenkins.READ).everywhere().to("reader"));
        ModelRegistryEntry.DescriptorImpl descriptor = r.jenkins.getDescriptorByType(ModelRegistryEntry.DescriptorImpl.class);

        try (ACLContext ignored = ACL.as(User.getById("reader", true))) {
            assertEquals(List.of(""), ids(descriptor.doFillCredentialsIdItems("")));
        }
        try (ACLContext ignored = ACL.as(User.getById("admin", true))) {
            assertEquals(List.of("", "registry-bot"), ids(descriptor.doFillCredentialsIdItems("")));
        }
    }

    private static List<String> ids(ListBoxModel model) {
        return model.stream().map(o -> o.value).toList();
    }
}
