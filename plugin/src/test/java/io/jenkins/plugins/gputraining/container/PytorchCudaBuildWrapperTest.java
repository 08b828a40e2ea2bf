package io.jenkins.plugins.gputraining.container;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import hudson.model.FreeStyleBuild;
import hudson.model.FreeStyleProject;
import hudson.model.Result;
import hudson.tasks.Shell;
import io.jenkins.plugins.gputraining.TestComponents;
import java.util.List;
import java.util.regex.Pattern;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jenkinsci.plugins.workflow.steps.CoreWrapperStep;
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
        String image = TestComponents.torchImage();
        FreeStyleProject p = r.createFreeStyleProject();
        PytorchCudaBuildWrapper wrapper = new PytorchCudaBuildWrapper(image);
        wrapper.setGpus("none");
        wrapper.setPreflight(false);
        p.getBuildWrappersList().add(wrapper);
        p.getBuildersList().add(new Shell("python3 -c \"import torch; print('torch', torch.__version__)\""));
        FreeStyleBuild b = r.buildAndAssertSuccess(p);
        assertTrue(r.getLog(b), Pattern.compile("(?m)^torch \\d+\\.\\d+").matcher(r.getLog(b)).find());
        assertEquals(List.of(), TestComponents.containersOf(b));
    }

    /**
     * Pipeline's {@code wrap} cannot decorate the launcher, so in a Pipeline the build steps would run on the
     * agent: the wrapper is not offered there (withPytorchCuda is the Pipeline form).
     */
    @Test
    public void pipelinesAreNotOfferedTheWrapper() throws Exception {
        CoreWrapperStep.DescriptorImpl wrap = r.jenkins.getDescriptorByType(CoreWrapperStep.DescriptorImpl.class);
        assertFalse(wrap.getApplicableDescriptors().stream().anyMatch(d -> d.clazz == PytorchCudaBuildWrapper.class));
        WorkflowJob job = r.createProject(WorkflowJob.class, "pipeline");
        job.setDefinition(new CpsFlowDefinition("node {\n"
                + "  wrap([$class: 'PytorchCudaBuildWrapper', image: 'pytorch/pytorch:2.5.1']) {\n"
                + "    echo 'body ran'\n"
                + "  }\n"
                + "}", true));
        WorkflowRun b = r.buildAndAssertStatus(Result.FAILURE, job);
        r.assertLogNotContains("body ran", b);
    }
}
