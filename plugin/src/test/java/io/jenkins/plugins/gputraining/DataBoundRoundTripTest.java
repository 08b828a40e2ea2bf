package io.jenkins.plugins.gputraining;

import static io.jenkins.plugins.gputraining.DataBoundSamples.sample;
import static io.jenkins.plugins.gputraining.DataBoundSamples.snapshot;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import hudson.model.AbstractProject;
import hudson.model.FreeStyleProject;
import hudson.tasks.BuildStepDescriptor;
import hudson.tasks.BuildWrapper;
import hudson.tasks.Builder;
import io.jenkins.plugins.gputraining.container.PytorchCudaBuildWrapper;
import io.jenkins.plugins.gputraining.container.WithPytorchCudaStep;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jenkins.model.GlobalConfiguration;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.workflow.actions.ArgumentsAction;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.cps.Snippetizer;
import org.jenkinsci.plugins.workflow.graph.FlowNode;
import org.jenkinsci.plugins.workflow.graph.StepNode;
import org.jenkinsci.plugins.workflow.graphanalysis.DepthFirstScanner;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.junit.Rule;
import org.junit.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.TestExtension;
import org.kohsuke.stapler.DataBoundConstructor;

/**
 * Every step, builder, wrapper and the global configuration keeps every parameter where Jenkins keeps it: in
 * XStream's XML (job config.xml, the global configuration's file), through the configuration forms, through a
 * Pipeline's arguments and through the Snippet Generator's Groovy run by the real Pipeline engine. The
 * describables are found through their descriptors and filled in by {@link DataBoundSamples}, so a parameter or
 * describable added later is covered without editing this test.
 */
public class DataBoundRoundTripTest {

    @Rule
    public JenkinsRule r = new JenkinsRule();

    /** The describables this plugin has today: the discovery must find at least these. */
    private static final List<Class<?>> KNOWN = List.of(GpuHealthCheckStep.class, TrainAndRegisterStep.class, WithPytorchCudaStep.class,
            GpuHealthCheckBuilder.class, TrainAndRegisterBuilder.class, PytorchCudaBuildWrapper.class, ModelRegistryEntry.class,
            GpuTrainingConfiguration.class);

    private static List<Class<?>> describables(Class<?> kind) {
        return DataBoundSamples.ofThisPlugin().stream().<Class<?>>map(d -> d.clazz).filter(kind::isAssignableFrom).toList();
    }

    /** Every describable but the global configuration (a singleton, sampled in place). */
    private static List<Class<?>> values() {
        return DataBoundSamples.ofThisPlugin().stream().filter(d -> !(d instanceof GlobalConfiguration))
                .<Class<?>>map(d -> d.clazz).toList();
    }

    private static GpuTrainingConfiguration sampledConfiguration() {
        GpuTrainingConfiguration config = GpuTrainingConfiguration.get();
        DataBoundSamples.applySample(config, 0);
        return config;
    }

    @Test
    public void everySampleChangesEveryPropertyOfEveryDescribable() throws Exception {
        List<Class<?>> found = DataBoundSamples.ofThisPlugin().stream().<Class<?>>map(d -> d.clazz).toList();
        assertTrue("found " + found, found.containsAll(KNOWN));
        GpuTrainingConfiguration asInstalled = new GpuTrainingConfiguration(); // nothing saved yet
        List<String> unchanged = new ArrayList<>();
        for (Class<?> type : values()) {
            Object sample = DataBoundSamples.sample(type, 0);
            unchanged.addAll(DataBoundSamples.unchanged(sample, defaultsOf(type, sample)));
        }
        unchanged.addAll(DataBoundSamples.unchanged(sampledConfiguration(), asInstalled));
        assertEquals("properties the samples leave at their default", List.of(), unchanged);
    }

    @Test
    public void xstreamKeepsEveryPropertyOfEveryDescribable() {
        for (Class<?> type : values()) {
            Object before = sample(type, 1);
            String xml = Jenkins.XSTREAM2.toXML(before);
            assertEquals(xml, snapshot(before), snapshot(Jenkins.XSTREAM2.fromXML(xml)));
        }
        GpuTrainingConfiguration config = sampledConfiguration();
        String xml = Jenkins.XSTREAM2.toXML(config);
        assertEquals(xml, snapshot(config), snapshot(Jenkins.XSTREAM2.fromXML(xml)));
    }

    @Test
    public void aJobReloadedFromDiskKeepsEveryBuilderAndWrapper() throws Exception {
        FreeStyleProject project = projectWithEverything();
        Map<String, Object> before = projectSnapshot(project);

        r.jenkins.reload();

        FreeStyleProject reloaded = r.jenkins.getItemByFullName(project.getFullName(), FreeStyleProject.class);
        assertTrue("a new object, read from config.xml", reloaded != project);
        assertEquals(before, projectSnapshot(reloaded));
        String xml = reloaded.getConfigFile().asString();
        assertFalse("config.xml names no engine type (it would tie saved jobs to the engine's internals):\n" + xml,
                xml.contains("io.gputraining.engine"));
    }

    @Test
    public void theGlobalConfigurationReadBackFromDiskKeepsEverySetting() throws Exception {
        GpuTrainingConfiguration config = sampledConfiguration();
        assertEquals(snapshot(config), snapshot(new GpuTrainingConfiguration()));
        String xml = java.nio.file.Files.readString(r.jenkins.getRootDir().toPath().resolve(config.getId() + ".xml"));
        assertFalse(xml, xml.contains("io.gputraining.engine"));
    }

    @Test
    public void theConfigurationFormKeepsEveryBuilderAndWrapper() throws Exception {
        FreeStyleProject project = projectWithEverything();
        Map<String, Object> before = projectSnapshot(project);
        r.configRoundtrip(project);
        assertEquals(before, projectSnapshot(project));
    }

    @Test
    public void theGlobalConfigurationFormKeepsEverySetting() throws Exception {
        Map<String, Object> before = snapshot(sampledConfiguration());
        r.configRoundtrip();
        assertEquals(before, snapshot(GpuTrainingConfiguration.get()));
    }

    /** The Snippet Generator's form of each step (its config.jelly), filled in and submitted. */
    @Test
    public void everyStepsFormKeepsEveryParameterButThePipelineOnlyOnes() throws Exception {
        FreeStyleProject project = r.createFreeStyleProject("step-forms");
        List<Step> steps = new ArrayList<>();
        for (Class<?> type : describables(Step.class)) {
            Step step = (Step) sample(type, 2);
            steps.add(step);
            project.getBuildersList().add(new StepInAForm(step));
        }

        r.configRoundtrip(project);

        List<StepInAForm> after = project.getBuildersList().getAll(StepInAForm.class);
        assertEquals(steps.size(), after.size());
        for (int i = 0; i < steps.size(); i++) {
            assertEquals(withoutPipelineOnly(snapshot(steps.get(i))), withoutPipelineOnly(snapshot(after.get(i).getStep())));
        }
    }

    @Test
    public void everyStepKeepsEveryParameterThroughPipelineArguments() throws Exception {
        for (Class<?> type : describables(Step.class)) {
            Step step = (Step) sample(type, 3);
            StepDescriptor descriptor = (StepDescriptor) r.jenkins.getDescriptorOrDie(step.getClass());
            assertEquals(snapshot(step), snapshot(descriptor.newInstance(descriptor.defineArguments(step))));
        }
    }

    /**
     * What the Snippet Generator writes is run by the real Pipeline engine, which parses it into the step it
     * starts; the node's arguments give that step back. (The samples' values make each step fail as it starts.)
     */
    @Test
    public void theSnippetGeneratorsGroovyParsesBackToTheSameStep() throws Exception {
        Map<String, Step> steps = new LinkedHashMap<>();
        StringBuilder script = new StringBuilder("node {\n");
        for (Class<?> type : describables(Step.class)) {
            Step step = (Step) sample(type, 4);
            steps.put(type.getName(), step);
            script.append("  try {\n    ").append(Snippetizer.object2Groovy(step).replace("\n", "\n    "))
                    .append("\n  } catch (e) {\n    echo \"").append(type.getSimpleName()).append(" ended: ${e.message}\"\n  }\n");
        }
        WorkflowJob job = r.createProject(WorkflowJob.class, "snippets");
        job.setDefinition(new CpsFlowDefinition(script.append("}\n").toString(), true));
        WorkflowRun run = r.buildAndAssertSuccess(job);

        for (Map.Entry<String, Step> expected : steps.entrySet()) {
            FlowNode node = new DepthFirstScanner().findFirstMatch(run.getExecution(), n -> n instanceof StepNode s
                    && s.getDescriptor() != null && s.getDescriptor().clazz.getName().equals(expected.getKey())
                    && n.getPersistentAction(ArgumentsAction.class) != null);
            assertTrue("the node of " + expected.getKey() + " in\n" + script, node != null);
            StepDescriptor descriptor = ((StepNode) node).getDescriptor();
            Step parsed = descriptor.newInstance(ArgumentsAction.getArguments(node));
            assertEquals(snapshot(expected.getValue()), snapshot(parsed));
        }
    }

    private FreeStyleProject projectWithEverything() throws Exception {
        FreeStyleProject project = r.createFreeStyleProject("everything");
        List<Class<?>> builders = describables(Builder.class);
        List<Class<?>> wrappers = describables(BuildWrapper.class);
        assertFalse(builders.isEmpty() || wrappers.isEmpty());
        for (Class<?> type : builders) {
            project.getBuildersList().add((Builder) sample(type, 5));
        }
        for (Class<?> type : wrappers) {
            project.getBuildWrappersList().add((BuildWrapper) sample(type, 6));
        }
        return project;
    }

    private static Map<String, Object> projectSnapshot(FreeStyleProject project) {
        Map<String, Object> all = new LinkedHashMap<>();
        project.getBuildersList().forEach(b -> all.put("builder " + all.size(), snapshot(b)));
        project.getBuildWrappersList().forEach(w -> all.put("wrapper " + all.size(), snapshot(w)));
        return all;
    }

    private static Map<String, Object> withoutPipelineOnly(Map<String, Object> snapshot) {
        Map<String, Object> formFields = new LinkedHashMap<>(snapshot);
        String type = String.valueOf(snapshot.get("$class"));
        FormResourcesTest.PIPELINE_ONLY.keySet().stream()
                .filter(key -> type.endsWith("." + key.substring(0, key.indexOf('.'))))
                .forEach(key -> formFields.remove(key.substring(key.indexOf('.') + 1)));
        return formFields;
    }

    /** {@code type} built from the same required parameters as {@code sample}, and nothing else: its defaults. */
    private static Object defaultsOf(Class<?> type, Object sample) throws Exception {
        var constructor = java.util.Arrays.stream(type.getConstructors())
                .filter(c -> c.isAnnotationPresent(DataBoundConstructor.class)).findFirst().orElseThrow();
        List<Object> arguments = new ArrayList<>();
        for (DataBoundSamples.Property p : DataBoundSamples.properties(type)) {
            if (p.required()) {
                arguments.add(DataBoundSamples.get(sample, p.name()));
            }
        }
        return constructor.newInstance(arguments.toArray());
    }

    /**
     * Shows a Pipeline step's own form (its {@code config.jelly}, the one the Snippet Generator shows) filled in
     * from an instance, in a freestyle job's configuration page, so that {@code configRoundtrip} submits it and
     * binds it back: what workflow-step-api's {@code StepConfigTester} does, whose tests jar the Jenkins repository
     * built here lacks. Never runs.
     */
    public static final class StepInAForm extends Builder {

        private final Step step;

        @DataBoundConstructor
        public StepInAForm(Step step) {
            this.step = step;
        }

        public Step getStep() {
            return step;
        }

        @TestExtension("everyStepsFormKeepsEveryParameterButThePipelineOnlyOnes")
        public static final class DescriptorImpl extends BuildStepDescriptor<Builder> {

            @Override
            @SuppressWarnings("rawtypes")
            public boolean isApplicable(Class<? extends AbstractProject> jobType) {
                return true;
            }

            @Override
            public String getDisplayName() {
                return "A Pipeline step's form";
            }
        }
    }
}
