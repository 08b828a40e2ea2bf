package io.jenkins.plugins.gputraining;

import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import hudson.PluginWrapper;
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
