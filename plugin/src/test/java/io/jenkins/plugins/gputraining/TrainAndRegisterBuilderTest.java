package io.jenkins.plugins.gputraining;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import hudson.model.FreeStyleBuild;
import hudson.model.FreeStyleProject;
import hudson.model.Result;
import java.util.List;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.jvnet.hudson.test.BuildWatcher;
import org.jvnet.hudson.test.JenkinsRule;

public class TrainAndRegisterBuilderTest {

    @ClassRule
    public static BuildWatcher buildWatcher = new BuildWatcher();

    @Rule
    public JenkinsRule r = new JenkinsRule();

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void everyParameterSurvivesTheConfigurationFormRoundTrip() throws Exception {
        TrainAndRegisterBuilder before = new TrainAndRegisterBuilder("python train.py --epochs 3", "resnet");
        before.setImage("registry.example/pytorch@sha256:" + "b".repeat(64));
        before.setArtifacts("model.pt, metrics.json");
        before.setAlias("candidate");
        before.setRegistry("prod");
        before.setGpus("2");
        before.setPreflight(false);
        before.setAllowCpuFallback(true);
        before.setOutputDir("out/runs");
        before.setTimeoutMinutes(90);
        before.setMemory("8g");
        before.setEnv("EPOCHS=3\nLR=0.001");
        before.setRequirePinned(true);
        before.setPull("never");
        before.setRuntime("local");
        FreeStyleProject project = r.createFreeStyleProject("configured");
        project.getBuildersList().add(before);

        r.configRoundtrip(project);

        TrainAndRegisterBuilder after = project.getBuildersList().get(TrainAndRegisterBuilder.class);
        r.assertEqualDataBoundBeans(before, after);
        assertEquals("EPOCHS=3\nLR=0.001", after.getEnv());
    }

    @Test
    public void defaultsSurviveTheConfigurationFormRoundTripUnchanged() throws Exception {
        TrainAndRegisterBuilder before = new TrainAndRegisterBuilder("python train.py", "resnet");
        FreeStyleProject project = r.createFreeStyleProject("defaults");
        project.getBuildersList().add(before);

        r.configRoundtrip(project);

        TrainAndRegisterBuilder after = project.getBuildersList().get(TrainAndRegisterBuilder.class);
        r.assertEqualDataBoundBeans(before, after);
        assertNull(after.getRegistry());
        assertEquals(io.gputraining.engine.train.TrainingRequest.DEFAULT_OUTPUT_DIR, after.getOutputDir());
    }

    @Test
    public void withoutAConfiguredRegistryTheBuildFailsSayingWhereToAddOne() throws Exception {
        TrainAndRegisterBuilder builder = new TrainAndRegisterBuilder("python train.py", "m");
        builder.setImage("pytorch/pytorch");
        FreeStyleProject project = r.createFreeStyleProject("no-registry");
        project.getBuildersList().add(builder);

        FreeStyleBuild build = r.buildAndAssertStatus(Result.FAILURE, project);

        r.assertLogContains("No model registry is configured: add one in Manage Jenkins", build);
    }

    @Test
    public void anUnknownRegistryNameFailsTheBuildListingTheConfiguredOnes() throws Exception {
        GpuTrainingConfiguration.get().setRegistries(List.of(new ModelRegistryEntry("staging", "local", tmp.newFolder().getPath())));
        TrainAndRegisterBuilder builder = new TrainAndRegisterBuilder("python train.py", "m");
        builder.setImage("pytorch/pytorch");
        builder.setRegistry("qa");
        FreeStyleProject project = r.createFreeStyleProject("unknown-registry");
        project.getBuildersList().add(builder);

        FreeStyleBuild build = r.buildAndAssertStatus(Result.FAILURE, project);

        r.assertLogContains("Model registry 'qa' is not configured; configured are: staging.", build);
    }

    @Test
    public void anEnvLineNamingAVariableTheBuildLacksFailsTheBuildSayingHowToBindIt() throws Exception {
        GpuTrainingConfiguration.get().setRegistries(List.of(new ModelRegistryEntry("staging", "local", tmp.newFolder().getPath())));
        TrainAndRegisterBuilder builder = new TrainAndRegisterBuilder("python train.py", "m");
        builder.setImage("pytorch/pytorch");
        builder.setEnv("EPOCHS=3\nVERBOSE");
        FreeStyleProject project = r.createFreeStyleProject("bad-env");
        project.getBuildersList().add(builder);

        FreeStyleBuild build = r.buildAndAssertStatus(Result.FAILURE, project);

        r.assertLogContains("env entry 'VERBOSE' passes the build's variable VERBOSE, but the build has none", build);
    }
}
