package io.jenkins.plugins.gputraining;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import hudson.model.FreeStyleBuild;
import hudson.model.FreeStyleProject;
import hudson.model.Run;
import io.gputraining.engine.preflight.PreflightReport;
import io.gputraining.engine.preflight.Verdict;
import io.gputraining.engine.registry.ModelPublication.MetricPoint;
import io.gputraining.engine.registry.RegisteredModel;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.jvnet.hudson.test.BuildWatcher;
import org.jvnet.hudson.test.JenkinsSessionRule;

/**
 * What a build records (its {@link GpuTrainingAction}: every preflight and model summary) and the job that made it
 * come back from disk as they were: through {@code Run.XSTREAM2}, and across a controller restart after real builds
 * of a freestyle job (both builders) and a Pipeline (both steps), whose build pages still show them.
 */
public class BuildRecordsTest {

    @ClassRule
    public static BuildWatcher buildWatcher = new BuildWatcher();

    @Rule
    public JenkinsSessionRule sessions = new JenkinsSessionRule();

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    /** Every getter of the action and its summaries, recursively; equal maps mean the page shows the same. */
    static Map<String, Object> getters(Object bean) {
        Map<String, Object> values = new TreeMap<>();
        for (Method m : bean.getClass().getMethods()) {
            boolean getter = m.getName().startsWith("get") || m.getName().startsWith("is");
            // only the plugin's own getters: Jenkins' defaults (menu groups, events) are new objects on each call
            if (getter && m.getParameterCount() == 0 && !Modifier.isStatic(m.getModifiers())
                    && m.getDeclaringClass().getName().startsWith(DataBoundSamples.PLUGIN_PACKAGE + ".") && !m.getName().equals("getRun")) {
                try {
                    values.put(m.getName(), plain(m.invoke(bean)));
                } catch (ReflectiveOperationException e) {
                    throw new AssertionError("cannot call " + m, e);
                }
            }
        }
        return values;
    }

    private static Object plain(Object value) {
        if (value instanceof Collection<?> list) {
            return list.stream().map(BuildRecordsTest::plain).toList();
        }
        if (value != null && value.getClass().getName().startsWith(DataBoundSamples.PLUGIN_PACKAGE + ".")) {
            return getters(value);
        }
        return value;
    }

    /**
     * The captured 2×H200 preflight, once as it passed and once with a warning, and a version in each kind of
     * registry (one at a web address, with more metrics than are charted), so that every field of the summaries is
     * set somewhere.
     */
    private static GpuTrainingAction recordedAction() throws Exception {
        GpuTrainingAction action = new GpuTrainingAction();
        PreflightReport passed = CapturedResults.report("h200x2-pass.json");
        action.add(PreflightSummary.of(passed));
        // edited visibly: the capture's temperature check was skipped; here it warns, with its fix
        action.add(PreflightSummary.of(copy(passed, Map.of("overall", Verdict.Level.WARN, "verdicts", passed.verdicts().stream()
                .map(v -> v.check().equals("temperature") ? new Verdict(v.check(), Verdict.Level.WARN, "GPU 1 is at 86 °C",
                        "above maxTemperatureC (85)", "Let the GPU cool down, or raise maxTemperatureC.") : v).toList()))));
        action.add(ModelSummary.of(CapturedResults.training(new RegisteredModel("local /var/lib/models", "resnet", "1",
                "file:///var/lib/models/models/resnet/versions/1/", "sha256:" + "0".repeat(64), Map.of()), List.of(), null)));
        action.add(ModelSummary.of(CapturedResults.training(new RegisteredModel("mlflow http://127.0.0.1:5000", "resnet", "4",
                "models:/resnet/4", "sha256:" + "1".repeat(64), Map.of("run_id", "f00d",
                "web_link", "http://127.0.0.1:5000/#/models/resnet/versions/4",
                "run_link", "http://127.0.0.1:5000/#/experiments/2/runs/f00d")), List.of(), null)));
        String digest = "sha256:" + "2".repeat(64);
        action.add(ModelSummary.of(CapturedResults.training(new RegisteredModel("oci 127.0.0.1:5000/models/resnet", "resnet", "v5",
                "oci://127.0.0.1:5000/models/resnet@" + digest, digest, Map.of("tag", "v5",
                "reference", "127.0.0.1:5000/models/resnet:v5")), List.of(), null)));
        List<MetricPoint> manyMetrics = new ArrayList<>();
        for (int metric = 0; metric < ModelSummary.MAX_CHARTED_METRICS + 2; metric++) {
            for (int step = 0; step < 3; step++) {
                manyMetrics.add(new MetricPoint("metric-" + metric, step * 0.5, step, 0));
            }
        }
        action.add(ModelSummary.of(CapturedResults.training(new RegisteredModel("web https://models.example", "resnet", "7",
                "https://models.example/resnet/7", "sha256:" + "3".repeat(64), Map.of()), manyMetrics, null)));
        return action;
    }

    /** {@code record} with some components changed, through its canonical constructor. */
    private static <R extends Record> R copy(R record, Map<String, Object> changes) throws Exception {
        RecordComponent[] components = record.getClass().getRecordComponents();
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            values[i] = changes.containsKey(components[i].getName()) ? changes.get(components[i].getName())
                    : components[i].getAccessor().invoke(record);
        }
        @SuppressWarnings("unchecked")
        R copy = (R) record.getClass().getDeclaredConstructor(types).newInstance(values);
        return copy;
    }

    @Test
    public void everyFieldOfTheBuildsSummariesSurvivesTheBuildRecordsXml() throws Throwable {
        sessions.then(r -> {
            GpuTrainingAction before = recordedAction();
            Map<String, Object> expected = getters(before);
            List<String> neverSet = new ArrayList<>();
            for (Class<?> summary : List.of(PreflightSummary.class, PreflightSummary.VerdictLine.class, ModelSummary.class)) {
                for (Method m : summary.getMethods()) {
                    if (m.getDeclaringClass() == summary && m.getParameterCount() == 0 && !setSomewhere(expected, m.getName())) {
                        neverSet.add(summary.getSimpleName() + "." + m.getName());
                    }
                }
            }
            assertEquals("getters the recorded action leaves null or empty everywhere", List.of(), neverSet);

            String xml = Run.XSTREAM2.toXML(before);
            assertFalse("build.xml names no engine type:\n" + xml, xml.contains("io.gputraining.engine"));
            assertEquals(xml, expected, getters(Run.XSTREAM2.fromXML(xml)));
        });
    }

    /** Whether some value of {@code getter} anywhere in the tree is set (not null, not empty). */
    @SuppressWarnings("unchecked")
    private static boolean setSomewhere(Object tree, String getter) {
        if (tree instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                Object v = e.getValue();
                boolean set = v != null && !(v instanceof Collection<?> c && c.isEmpty()) && !(v instanceof Map<?, ?> m && m.isEmpty())
                        && !Boolean.FALSE.equals(v) && !Integer.valueOf(0).equals(v);
                if (e.getKey().equals(getter) && set || setSomewhere(v, getter)) {
                    return true;
                }
            }
        } else if (tree instanceof Collection<?> list) {
            return list.stream().anyMatch(v -> setSomewhere(v, getter));
        }
        return false;
    }

    @Test
    public void aRestartedControllerShowsTheBuildsAndJobsItRecorded() throws Throwable {
        String image = TestComponents.torchImage();
        String registry = tmp.newFolder("registry").getPath();
        String locks = tmp.newFolder("locks").getPath();
        Map<String, Object> recorded = new TreeMap<>();
        sessions.then(r -> {
            GpuTrainingConfiguration.get().setRegistries(List.of(new ModelRegistryEntry("local", "local", registry)));
            GpuTrainingConfiguration.get().setGpuLockDirectory(locks);

            FreeStyleProject freestyle = r.createFreeStyleProject("freestyle");
            GpuHealthCheckBuilder check = new GpuHealthCheckBuilder();
            check.setImage(image);
            check.setGpus("none");
            check.setMinGpus(0);
            check.setAllowCpuFallback(true);
            freestyle.getBuildersList().add(check);
            freestyle.getBuildersList().add(new hudson.tasks.Shell("printf 'import json, os\\nout = os.environ[\"GPU_TRAINING_OUTPUT_DIR\"]\\n"
                    + "open(os.path.join(out, \"model.bin\"), \"wb\").write(b\"w\")\\n"
                    + "json.dump({\"metrics\": {\"loss\": 0.5}}, open(os.path.join(out, \"metrics.json\"), \"w\"))\\n' > train.py"));
            TrainAndRegisterBuilder train = new TrainAndRegisterBuilder("python3 train.py", "freestyle-model");
            train.setImage(image);
            train.setGpus("none");
            train.setAllowCpuFallback(true);
            train.setArtifacts("model.bin");
            freestyle.getBuildersList().add(train);
            FreeStyleBuild built = r.buildAndAssertSuccess(freestyle);

            WorkflowJob pipeline = r.createProject(WorkflowJob.class, "pipeline");
            pipeline.setDefinition(new CpsFlowDefinition("node {\n"
                    + "  gpuHealthCheck image: '" + image + "', gpus: 'none', minGpus: 0, allowCpuFallback: true\n"
                    + "  writeFile file: 'train.py', text: \"" + StepsOnAnAgentTest.TRAIN_PY + "\"\n"
                    + "  trainAndRegister model: 'pipeline-model', command: 'python3 train.py', image: '" + image + "', gpus: 'none',"
                    + " allowCpuFallback: true, artifacts: 'model.bin'\n"
                    + "}", true));
            WorkflowRun ran = r.buildAndAssertSuccess(pipeline);

            recorded.put("freestyle action", getters(built.getAction(GpuTrainingAction.class)));
            recorded.put("pipeline action", getters(ran.getAction(GpuTrainingAction.class)));
            recorded.put("builders", freestyle.getBuildersList().stream().map(b -> b instanceof hudson.tasks.Shell ? "shell"
                    : DataBoundSamples.snapshot(b)).toList());
        });
        sessions.then(r -> {
            FreeStyleProject freestyle = r.jenkins.getItemByFullName("freestyle", FreeStyleProject.class);
            FreeStyleBuild built = freestyle.getBuildByNumber(1);
            WorkflowRun ran = r.jenkins.getItemByFullName("pipeline", WorkflowJob.class).getBuildByNumber(1);
            GpuTrainingAction freestyleAction = built.getAction(GpuTrainingAction.class);
            GpuTrainingAction pipelineAction = ran.getAction(GpuTrainingAction.class);

            assertEquals(recorded.get("freestyle action"), getters(freestyleAction));
            assertEquals(recorded.get("pipeline action"), getters(pipelineAction));
            assertEquals(recorded.get("builders"), freestyle.getBuildersList().stream().map(b -> b instanceof hudson.tasks.Shell ? "shell"
                    : DataBoundSamples.snapshot(b)).toList());
            assertEquals(built, freestyleAction.getRun());
            assertEquals(2, freestyleAction.getPreflights().size()); // the builder's and the training's own
            assertEquals(1, freestyleAction.getModels().size());

            String page = r.createWebClient().getPage(ran).getWebResponse().getContentAsString();
            assertTrue(page, page.contains("pipeline-model"));
            assertTrue(page, page.contains("cuda-available"));
            assertTrue(page, page.contains(pipelineAction.getModels().get(0).getDigest()));
        });
    }
}
