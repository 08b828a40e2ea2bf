package io.jenkins.plugins.gputraining;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import hudson.security.ACL;
import io.jenkins.plugins.casc.ConfigurationAsCode;
import io.jenkins.plugins.casc.yaml.YamlSource;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.Rule;
import org.junit.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.yaml.snakeyaml.Yaml;

/**
 * The global configuration as Configuration as Code ({@code unclassified: gpuTraining:}), as docs/steps.md
 * promises: what an administrator writes is applied, and what Jenkins exports applies back to the same settings.
 */
public class ConfigurationAsCodeTest {

    @Rule
    public JenkinsRule r = new JenkinsRule();

    private static final String DIGEST = "sha256:" + "c".repeat(64);

    /** Every setting docs/steps.md names, with the registry's credentials defined in the same file. */
    private static final String DOCUMENTED = """
            credentials:
              system:
                domainCredentials:
                  - credentials:
                      - usernamePassword:
                          scope: GLOBAL
                          id: "registry-bot"
                          username: "bot"
                          password: "s3cr3t-password"
            unclassified:
              gpuTraining:
                registries:
                  - name: "prod"
                    type: "oci"
                    location: "registry.example/ml/models"
                    credentialsId: "registry-bot"
                  - name: "scratch"
                    type: "local"
                    location: "/srv/models"
                defaultRegistry: "prod"
                defaultImage: "registry.example/pytorch@%s"
                requirePinned: true
                pull: "missing"
                gpuLockDirectory: "/var/lock/gpu-training"
            """.formatted(DIGEST);

    private static void apply(String yaml) throws Exception {
        ConfigurationAsCode.get().configureWith(YamlSource.of(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))));
    }

    /** {@code unclassified: gpuTraining:} of Jenkins' whole export. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> exported() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ConfigurationAsCode.get().export(out);
        Map<String, Object> all = new Yaml().load(out.toString(StandardCharsets.UTF_8));
        Map<String, Object> unclassified = (Map<String, Object>) all.get("unclassified");
        assertNotNull("the export has an unclassified section:\n" + out, unclassified);
        Map<String, Object> ours = (Map<String, Object>) unclassified.get("gpuTraining");
        assertNotNull("the export has gpuTraining:\n" + out, ours);
        return ours;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> documentedSection() {
        Map<String, Object> all = new Yaml().load(DOCUMENTED);
        return (Map<String, Object>) ((Map<String, Object>) all.get("unclassified")).get("gpuTraining");
    }

    @Test
    public void theDocumentedYamlSetsEverySettingAndTheRegistryFindsItsCredentials() throws Exception {
        apply(DOCUMENTED);

        GpuTrainingConfiguration config = GpuTrainingConfiguration.get();
        ModelRegistryEntry prod = new ModelRegistryEntry("prod", "oci", "registry.example/ml/models");
        prod.setCredentialsId("registry-bot");
        r.assertEqualDataBoundBeans(List.of(prod, new ModelRegistryEntry("scratch", "local", "/srv/models")), config.getRegistries());
        assertEquals("prod", config.registry(null).orElseThrow().getName());
        assertEquals("registry.example/pytorch@" + DIGEST, config.getDefaultImage());
        assertEquals(true, config.isRequirePinned());
        assertEquals("missing", config.getPull());
        assertEquals("/var/lock/gpu-training", config.getGpuLockDirectory());
        StandardUsernamePasswordCredentials credentials = CredentialsProvider.lookupCredentialsInItemGroup(
                StandardUsernamePasswordCredentials.class, r.jenkins, ACL.SYSTEM2, List.of()).stream()
                .filter(c -> c.getId().equals(prod.getCredentialsId())).findFirst().orElseThrow();
        assertEquals("bot", credentials.getUsername());
    }

    @Test
    public void theExportWritesTheDocumentedSettingsBack() throws Exception {
        apply(DOCUMENTED);
        assertEquals(documentedSection(), exported());
    }

    /** Every setting, also one added later ({@link DataBoundSamples}), goes out and comes back in. */
    @Test
    public void everySettingSurvivesExportAndImport() throws Exception {
        GpuTrainingConfiguration config = GpuTrainingConfiguration.get();
        DataBoundSamples.applySample(config, 0);
        Map<String, Object> before = DataBoundSamples.snapshot(config);
        String yaml = new Yaml().dump(Map.of("unclassified", Map.of("gpuTraining", exported())));

        DataBoundSamples.applySample(config, 1); // other values everywhere, so that nothing is kept by chance
        apply(yaml);

        assertEquals(yaml, before, DataBoundSamples.snapshot(GpuTrainingConfiguration.get()));
    }
}
