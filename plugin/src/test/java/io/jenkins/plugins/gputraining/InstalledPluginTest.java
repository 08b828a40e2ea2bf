package io.jenkins.plugins.gputraining;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import hudson.ExtensionList;
import hudson.PluginWrapper;
import hudson.model.Label;
import java.io.File;
import java.util.List;
import java.util.jar.JarFile;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.Rule;
import org.junit.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.RealJenkinsRule;

/**
 * The plugin as Jenkins installs it: its own class loader holds only the libraries the .hpi bundles, and
 * everything else comes from core and the plugins it depends on (JenkinsRule would put the whole test class
 * path in reach and hide a missing one). A container run through docker-java proves the bundled set works.
 */
public class InstalledPluginTest {

    @Rule
    public RealJenkinsRule rr = new RealJenkinsRule();

    @Test
    public void aContainerRunsThroughThePluginAsInstalled() throws Throwable {
        String image = TestComponents.torchImage();
        rr.then(r -> {
            WorkflowJob job = r.createProject(WorkflowJob.class, "installed");
            job.setDefinition(new CpsFlowDefinition("node {\n"
                    + "  withPytorchCuda(image: '" + image + "', gpus: 'none', preflight: false) {\n"
                    + "    sh 'python3 -c \"import torch; print(\\'torch\\', torch.__version__)\"'\n"
                    + "  }\n"
                    + "}", true));
            WorkflowRun run = r.buildAndAssertSuccess(job);
            r.assertLogContains("torch 1.", run);
        });
    }

    /**
     * The steps on an agent, with the engine loaded from its jar as Jenkins loads a plugin's library: every result
     * an agent sends back passes remoting's class filter (JEP-200), which rejects a bundled library's classes unless
     * their jar's manifest or {@link EngineClassFilter} lets them through. (Plain JenkinsRule loads the engine from
     * {@code target/classes}, which the filter always trusts.) Each of the two is checked on its own as well.
     */
    @Test
    public void theStepsBringTheirResultsBackFromAnAgent() throws Throwable {
        String image = TestComponents.torchImage();
        rr.then(r -> {
            PluginWrapper plugin = r.jenkins.getPluginManager().getPlugin("gpu-training");
            Class<?> report = plugin.classLoader.loadClass("io.gputraining.engine.preflight.PreflightReport");
            File engineJar = new File(report.getProtectionDomain().getCodeSource().getLocation().toURI());
            assertTrue("the engine is loaded from a jar here, as from an installed .hpi: " + engineJar, engineJar.getName().endsWith(".jar"));
            try (JarFile jar = new JarFile(engineJar)) {
                assertEquals("true", jar.getManifest().getMainAttributes().getValue("Jenkins-ClassFilter-Whitelisted"));
            }
            assertEquals(Boolean.TRUE, ExtensionList.lookupSingleton(EngineClassFilter.class).permits(report));

            r.createOnlineSlave(Label.get("gpu"));
            GpuTrainingConfiguration.get().setRegistries(List.of(new ModelRegistryEntry("local", "local",
                    new File(r.jenkins.getRootDir(), "registry").getPath())));
            GpuTrainingConfiguration.get().setGpuLockDirectory(new File(r.jenkins.getRootDir(), "locks").getPath());
            WorkflowJob job = r.createProject(WorkflowJob.class, "on-agent");
            job.setDefinition(new CpsFlowDefinition("node('gpu') {\n"
                    + "  def report = gpuHealthCheck image: '" + image + "', gpus: 'none', minGpus: 0, allowCpuFallback: true\n"
                    + "  writeFile file: 'train.py', text: \"" + StepsOnAnAgentTest.TRAIN_PY + "\"\n"
                    + "  def version = trainAndRegister model: 'installed', command: 'python3 train.py', image: '" + image + "',"
                    + " gpus: 'none', allowCpuFallback: true, artifacts: 'model.bin'\n"
                    + "  withPytorchCuda(image: '" + image + "', gpus: 'none', preflight: false) { sh 'echo in the block' }\n"
                    + "  echo \"preflight ${report.overall}, registered ${version.model} ${version.version}\"\n"
                    + "}", true));
            WorkflowRun run = r.buildAndAssertSuccess(job);
            r.assertLogContains("Running on slave0", run);
            r.assertLogContains("preflight PASS, registered installed 1", run);
            r.assertLogContains("in the block", run);
            r.assertLogNotContains("Rejected:", run);
        });
    }

    @Test
    public void theLibrariesLeftOutOfTheHpiComeFromTheirPlugins() throws Throwable {
        rr.then(r -> {
            PluginWrapper plugin = r.jenkins.getPluginManager().getPlugin("gpu-training");
            assertFrom(plugin, "com.fasterxml.jackson.databind.ObjectMapper", "jackson2-api");
            assertFrom(plugin, "com.fasterxml.jackson.annotation.JsonProperty", "jackson-annotations2-api");
            assertFrom(plugin, "org.bouncycastle.openssl.PEMParser", "bouncycastle-api");
            assertFrom(plugin, "org.apache.commons.lang3.StringUtils", "commons-lang3-api");
            assertFrom(plugin, "com.github.dockerjava.core.DefaultDockerClientConfig", "gpu-training");
        });
    }

    /** Asserts that the plugin's class loader finds {@code className} defined by the plugin {@code owner}'s. */
    private static void assertFrom(PluginWrapper plugin, String className, String owner) throws Exception {
        ClassLoader definedBy = plugin.classLoader.loadClass(className).getClassLoader();
        PluginWrapper ownerPlugin = Jenkins.get().getPluginManager().getPlugin(owner);
        assertTrue(owner + " is installed", ownerPlugin != null);
        assertSame(className + " is defined by " + definedBy, ownerPlugin.classLoader, definedBy);
    }
}
