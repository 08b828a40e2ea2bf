package io.jenkins.plugins.gputraining;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import hudson.model.FreeStyleBuild;
import hudson.model.FreeStyleProject;
import hudson.model.Result;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.jvnet.hudson.test.BuildWatcher;
import org.jvnet.hudson.test.JenkinsRule;

public class GpuHealthCheckBuilderTest {

    @ClassRule
    public static BuildWatcher buildWatcher = new BuildWatcher();

    @Rule
    public JenkinsRule r = new JenkinsRule();

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void everyParameterSurvivesTheConfigurationFormRoundTrip() throws Exception {
        GpuHealthCheckBuilder before = new GpuHealthCheckBuilder();
        before.setImage("registry.example/pytorch@sha256:" + "a".repeat(64));
        before.setGpus("0,1");
        before.setMinGpus(2);
        before.setAllowCpuFallback(true);
        before.setMinFreeMemoryMiB(8000);
        before.setMaxTemperatureC(85);
        before.setRequireIdle(true);
        before.setAllowMig(true);
        before.setSkipAllReduce(true);
        before.setRequirePinned(true);
        before.setPull("always");
        before.setRuntime("local");
        before.setUnstableOnWarn(true);
        before.setPython("python3.12");
        FreeStyleProject project = r.createFreeStyleProject("configured");
        project.getBuildersList().add(before);

        r.configRoundtrip(project);

        r.assertEqualDataBoundBeans(before, project.getBuildersList().get(GpuHealthCheckBuilder.class));
    }

    @Test
    public void defaultsSurviveTheConfigurationFormRoundTripUnchanged() throws Exception {
        GpuHealthCheckBuilder before = new GpuHealthCheckBuilder();
        FreeStyleProject project = r.createFreeStyleProject("defaults");
        project.getBuildersList().add(before);

        r.configRoundtrip(project);

        r.assertEqualDataBoundBeans(before, project.getBuildersList().get(GpuHealthCheckBuilder.class));
    }

    @Test
    public void theFormShowsEveryTitleWithItsUnit() throws Exception {
        FreeStyleProject project = r.createFreeStyleProject("titles");
        project.getBuildersList().add(new GpuHealthCheckBuilder());
        String page = r.createWebClient().getPage(project, "configure").asXml();
        assertTrue(page, page.contains("Maximum GPU temperature, in °C"));
        assertTrue(page, page.contains("Minimum free memory per GPU, in MiB"));
        assertTrue(page, page.contains("Minutes to wait for GPUs other runs hold"));
    }

    @Test
    public void dockerWithoutImageFailsTheBuildSayingWhatToGive() throws Exception {
        FreeStyleProject project = r.createFreeStyleProject("no-image");
        project.getBuildersList().add(new GpuHealthCheckBuilder());
        FreeStyleBuild build = r.buildAndAssertStatus(Result.FAILURE, project);
        r.assertLogContains("gpuHealthCheck needs an image on Docker", build);
    }

    @Test
    public void cpuFallbackWithoutGpusPassesAndTheBuildPageShowsTheReport() throws Exception {
        String image = TestComponents.torchImage();
        GpuHealthCheckBuilder builder = new GpuHealthCheckBuilder();
        builder.setImage(image);
        builder.setGpus("none");
        builder.setMinGpus(0);
        builder.setAllowCpuFallback(true);
        FreeStyleProject project = r.createFreeStyleProject("cpu-fallback");
        project.getBuildersList().add(builder);

        FreeStyleBuild build = r.buildAndAssertSuccess(project);

        r.assertLogContains("Probing ", build);
        r.assertLogContains("cuda-available", build);
        GpuTrainingAction action = build.getAction(GpuTrainingAction.class);
        assertNotNull("the build page summary", action);
        assertEquals(1, action.getPreflights().size());
    }

    @Test
    public void warningsMarkTheBuildUnstableWhenAsked() throws Exception {
        GpuHealthCheckBuilder builder = new GpuHealthCheckBuilder();
        builder.setRuntime("local");
        builder.setPython(ImagePython.in(tmp.getRoot().toPath(), TestComponents.torchImage()));
        builder.setGpus("all");
        builder.setMinGpus(0);
        builder.setAllowCpuFallback(true);
        builder.setUnstableOnWarn(true);
        FreeStyleProject project = r.createFreeStyleProject("unstable");
        project.getBuildersList().add(builder);

        // GPUs asked for on an agent without NVIDIA driver, while CPU fallback is allowed: warnings, no failure
        FreeStyleBuild build = r.buildAndAssertStatus(Result.UNSTABLE, project);

        r.assertLogContains("GPU preflight warned (", build);
    }

    @Test
    public void warningsLeaveTheBuildAloneUnlessAsked() throws Exception {
        GpuHealthCheckBuilder builder = new GpuHealthCheckBuilder();
        builder.setRuntime("local");
        builder.setPython(ImagePython.in(tmp.getRoot().toPath(), TestComponents.torchImage()));
        builder.setGpus("all");
        builder.setMinGpus(0);
        builder.setAllowCpuFallback(true);
        FreeStyleProject project = r.createFreeStyleProject("warn-only");
        project.getBuildersList().add(builder);

        FreeStyleBuild build = r.buildAndAssertSuccess(project);

        assertEquals("WARN", build.getAction(GpuTrainingAction.class).getPreflights().get(0).getOverall());
    }
}
