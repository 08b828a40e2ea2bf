package io.jenkins.plugins.gputraining.container;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import hudson.model.FreeStyleBuild;
import hudson.model.FreeStyleProject;
import hudson.tasks.Shell;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.jvnet.hudson.test.BuildWatcher;
import org.jvnet.hudson.test.JenkinsRule;

public class PytorchCudaBuildWrapperTest {

    @ClassRule
    public static BuildWatcher buildWatcher = new BuildWatcher();

    @Rule
    public JenkinsRule r = new JenkinsRule();

    @Test
    public void configurationSurvivesTheForm() throws Exception {
        FreeStyleProject p = r.createFreeStyleProject();
        PytorchCudaBuildWrapper wrapper = new PytorchCudaBuildWrapper("pytorch/pytorch@sha256:" + "b".repeat(64));
        wrapper.setGpus("0,1");
        wrapper.setPreflight(false);
        wrapper.setNetwork("host");
        wrapper.setGpuWaitMinutes(15);
        wrapper.setPull("missing");
        p.getBuildWrappersList().add(wrapper);
        r.configRoundtrip(p);
        r.assertEqualDataBoundBeans(wrapper, p.getBuildWrappersList().get(PytorchCudaBuildWrapper.class));
    }

    @Test
    public void defaultsSurviveTheForm() throws Exception {
        FreeStyleProject p = r.createFreeStyleProject();
        PytorchCudaBuildWrapper wrapper = new PytorchCudaBuildWrapper("pytorch/pytorch:2.5.1");
        p.getBuildWrappersList().add(wrapper);
        r.configRoundtrip(p);
        PytorchCudaBuildWrapper after = p.getBuildWrappersList().get(PytorchCudaBuildWrapper.class);
        r.assertEqualDataBoundBeans(wrapper, after);
        assertEquals("all", after.getGpus());
        assertEquals(10, after.getGpuWaitMinutes());
        assertTrue(after.isPreflight());
        assertEquals("an empty choice: the global policy", null, after.getPull());
    }

    @Test
    public void buildStepsRunInTheImageAndTheContainerIsRemovedAfterwards() throws Exception {
        String image = DockerDaemon.assumeTorchImage();
        FreeStyleProject p = r.createFreeStyleProject();
        PytorchCudaBuildWrapper wrapper = new PytorchCudaBuildWrapper(image);
        wrapper.setGpus("none");
        wrapper.setPreflight(false);
        p.getBuildWrappersList().add(wrapper);
        p.getBuildersList().add(new Shell("python3 -c \"import torch; print('torch', torch.__version__)\""));
        FreeStyleBuild b = r.buildAndAssertSuccess(p);
        assertTrue(r.getLog(b), Pattern.compile("(?m)^torch \\d+\\.\\d+").matcher(r.getLog(b)).find());
        assertEquals(List.of(), DockerDaemon.containersOf(b.getUrl()));
    }
}
