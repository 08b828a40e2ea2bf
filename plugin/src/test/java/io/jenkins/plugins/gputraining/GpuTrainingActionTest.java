package io.jenkins.plugins.gputraining;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import hudson.model.FreeStyleBuild;
import hudson.model.FreeStyleProject;
import io.gputraining.engine.preflight.PreflightReport;
import io.gputraining.engine.registry.ModelPublication.MetricPoint;
import io.gputraining.engine.registry.RegisteredModel;
import io.gputraining.engine.train.TrainingResult;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.Rule;
import org.junit.Test;
import org.jvnet.hudson.test.JenkinsRule;

public class GpuTrainingActionTest {

    @Rule
    public JenkinsRule r = new JenkinsRule();

    @Test
    public void preflightSummaryIsKeptWithTheBuildAcrossAReload() throws Exception {
        PreflightReport report = capturedReport("h200x2-pass.json");
        FreeStyleProject project = r.createFreeStyleProject("p");
        FreeStyleBuild build = r.buildAndAssertSuccess(project);
        GpuTrainingAction.of(build).add(PreflightSummary.of(report));
        build.save();

        r.jenkins.reload();

        FreeStyleBuild reloaded = r.jenkins.getItemByFullName("p", FreeStyleProject.class).getBuildByNumber(1);
        PreflightSummary kept = reloaded.getAction(GpuTrainingAction.class).getPreflights().get(0);
        assertEquals(report.overall().name(), kept.getOverall());
        assertEquals(report.driverVersion(), kept.getDriverVersion());
        assertEquals(report.torchVersion(), kept.getTorchVersion());
        assertEquals(report.gpus().size(), kept.getGpus().size());
        assertEquals(report.verdicts().size(), kept.getVerdicts().size());
        assertEquals(report.verdicts().get(0).summary(), kept.getVerdicts().get(0).getSummary());
        assertEquals(reloaded, reloaded.getAction(GpuTrainingAction.class).getRun());
    }

    @Test
    public void theBuildPageShowsThePreflightVerdicts() throws Exception {
        PreflightReport report = capturedReport("h200x2-pass.json");
        FreeStyleBuild build = r.buildAndAssertSuccess(r.createFreeStyleProject("page"));
        GpuTrainingAction.of(build).add(PreflightSummary.of(report));
        build.save();

        String page = r.createWebClient().getPage(build).getWebResponse().getContentAsString();
        for (var verdict : report.verdicts()) {
            assertTrue(verdict.check() + " shown", page.contains(verdict.check()));
        }
    }

    @Test
    public void oneActionCollectsEverySummaryOfABuild() throws Exception {
        FreeStyleBuild build = r.buildAndAssertSuccess(r.createFreeStyleProject("twice"));
        GpuTrainingAction first = GpuTrainingAction.of(build);
        first.add(PreflightSummary.of(capturedReport("h200x2-pass.json")));
        GpuTrainingAction.of(build).add(PreflightSummary.of(capturedReport("h200x2-pass.json")));
        assertEquals(1, build.getActions(GpuTrainingAction.class).size());
        assertEquals(2, first.getPreflights().size());
    }

    @Test
    public void theBuildPageChartsTheMetricHistoryWhichBuildXmlKeepsSmall() throws Exception {
        TrainingResult training = capturedTraining(List.of());
        FreeStyleBuild build = r.buildAndAssertSuccess(r.createFreeStyleProject("chart"));
        GpuTrainingAction.of(build).add(ModelSummary.of(training));
        build.save();

        r.jenkins.reload();

        FreeStyleBuild reloaded = r.jenkins.getItemByFullName("chart", FreeStyleProject.class).getBuildByNumber(1);
        ModelSummary kept = reloaded.getAction(GpuTrainingAction.class).getModels().get(0);
        assertEquals("one chart: the example reports only the loss per epoch", 1, kept.getCharts().size());
        String page = r.createWebClient().getPage(reloaded).getWebResponse().getContentAsString();
        assertTrue(page, page.contains("aria-label=\"loss by step\""));
        assertTrue(page, page.contains("step 11</text>"));
        assertTrue(Files.size(reloaded.getRootDir().toPath().resolve("build.xml")) < 16_384);
    }

    @Test
    public void aLongHistoryIsStoredDownsampledAndAMetricNameCannotInjectMarkup() throws Exception {
        List<MetricPoint> extra = new ArrayList<>();
        for (int step = 0; step < 50_000; step++) {
            extra.add(new MetricPoint("<img src=x onerror=alert(1)>", Math.exp(-step / 5_000.0), step, 0));
        }
        FreeStyleBuild build = r.buildAndAssertSuccess(r.createFreeStyleProject("long"));
        GpuTrainingAction.of(build).add(ModelSummary.of(capturedTraining(extra)));
        build.save();

        String page = r.createWebClient().getPage(build).getWebResponse().getContentAsString();
        assertFalse(page, page.contains("<img src=x"));
        assertTrue(page, page.contains("&lt;img src=x onerror=alert(1)&gt;"));
        assertTrue("50 000 points reduced before build.xml", Files.size(build.getRootDir().toPath().resolve("build.xml")) < 24_576);
    }

    @Test
    public void theBuildPageSaysWhereEachKindOfRegistryKeepsTheVersion() throws Exception {
        FreeStyleBuild build = r.buildAndAssertSuccess(r.createFreeStyleProject("where"));
        GpuTrainingAction action = GpuTrainingAction.of(build);
        action.add(ModelSummary.of(capturedTraining(List.of())));
        action.add(ModelSummary.of(capturedTraining(List.of(), new RegisteredModel("mlflow http://127.0.0.1:5000", "resnet-tiny",
                "4", "models:/resnet-tiny/4", "sha256:" + "1".repeat(64), Map.of("run_id", "f00d",
                "web_link", "http://127.0.0.1:5000/#/models/resnet-tiny/versions/4",
                "run_link", "http://127.0.0.1:5000/#/experiments/2/runs/f00d")))));
        String digest = "sha256:" + "2".repeat(64);
        action.add(ModelSummary.of(capturedTraining(List.of(), new RegisteredModel("oci 127.0.0.1:5000/models/resnet-tiny",
                "resnet-tiny", "v5", "oci://127.0.0.1:5000/models/resnet-tiny@" + digest, digest,
                Map.of("tag", "v5", "reference", "127.0.0.1:5000/models/resnet-tiny:v5")))));
        build.save();

        String page = r.createWebClient().getPage(build).getWebResponse().getContentAsString();
        assertTrue(page, page.contains("<code>/var/lib/models/models/resnet-tiny/versions/1</code>"));
        assertTrue(page, page.contains("href=\"http://127.0.0.1:5000/#/models/resnet-tiny/versions/4\""));
        assertTrue(page, page.contains("href=\"http://127.0.0.1:5000/#/experiments/2/runs/f00d\""));
        assertTrue(page, page.contains("<code>oras pull 127.0.0.1:5000/models/resnet-tiny@" + digest + "</code>"));
        assertTrue(page, page.contains("<code>127.0.0.1:5000/models/resnet-tiny:v5</code>"));
    }

    /** A real CPU run of examples/train.py (12 epochs): its run manifest and metrics.json, plus {@code extra} history. */
    private static TrainingResult capturedTraining(List<MetricPoint> extra) throws Exception {
        return capturedTraining(extra, new RegisteredModel("local /var/lib/models", "resnet-tiny", "1",
                "file:///var/lib/models/models/resnet-tiny/versions/1/", "sha256:" + "0".repeat(64), Map.of()));
    }

    private static TrainingResult capturedTraining(List<MetricPoint> extra, RegisteredModel model) throws Exception {
        return CapturedResults.training(model, extra, null);
    }

    private static PreflightReport capturedReport(String name) throws Exception {
        return CapturedResults.report(name);
    }
}
