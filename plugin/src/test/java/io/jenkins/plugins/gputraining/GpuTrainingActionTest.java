package io.jenkins.plugins.gputraining;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import hudson.model.FreeStyleBuild;
import hudson.model.FreeStyleProject;
import io.gputraining.engine.preflight.PreflightReport;
import io.gputraining.engine.preflight.PreflightReportJson;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
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

    private static PreflightReport capturedReport(String name) throws Exception {
        try (InputStream in = GpuTrainingActionTest.class.getResourceAsStream(name)) {
            return new PreflightReportJson().read(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }
}
