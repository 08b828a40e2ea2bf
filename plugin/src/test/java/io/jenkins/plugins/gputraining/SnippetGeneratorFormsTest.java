package io.jenkins.plugins.gputraining;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;

import io.jenkins.plugins.gputraining.container.WithPytorchCudaStep;
import java.net.URL;
import java.util.List;
import net.sf.json.JSONObject;
import org.htmlunit.HttpMethod;
import org.htmlunit.WebRequest;
import org.htmlunit.WebResponse;
import org.htmlunit.html.DomNode;
import org.htmlunit.html.HtmlButton;
import org.htmlunit.html.HtmlOption;
import org.htmlunit.html.HtmlPage;
import org.htmlunit.html.HtmlSelect;
import org.htmlunit.html.HtmlTextArea;
import org.htmlunit.html.HtmlTextInput;
import org.htmlunit.util.NameValuePair;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.junit.Rule;
import org.junit.Test;
import org.jvnet.hudson.test.JenkinsRule;

/**
 * The Snippet Generator of a real Jenkins with our steps: its page renders their forms (drop-downs filled by our
 * descriptors), and what the form submits becomes the Pipeline line a user copies.
 */
public class SnippetGeneratorFormsTest {

    @Rule
    public JenkinsRule r = new JenkinsRule();

    private WorkflowJob job() throws Exception {
        WorkflowJob job = r.createProject(WorkflowJob.class, "p");
        job.setDefinition(new CpsFlowDefinition("echo 'hi'", true));
        return job;
    }

    /** Posts the form as the Snippet Generator's page does, and returns the generated line. */
    private String generate(WorkflowJob job, JSONObject form) throws Exception {
        JenkinsRule.WebClient wc = r.createWebClient();
        WebRequest request = new WebRequest(new URL(r.getURL(), job.getUrl() + "pipeline-syntax/generateSnippet"), HttpMethod.POST);
        request.setRequestParameters(List.of(new NameValuePair("json", form.toString()),
                new NameValuePair(r.jenkins.getCrumbIssuer().getDescriptor().getCrumbRequestField(), r.jenkins.getCrumbIssuer().getCrumb())));
        WebResponse response = wc.getPage(request).getWebResponse();
        assertEquals("text/plain", response.getContentType());
        return response.getContentAsString().strip();
    }

    /** Every field of the trainAndRegister form as the page submits it, at the form's defaults. */
    private static JSONObject trainForm() {
        JSONObject form = new JSONObject();
        form.put("stapler-class", TrainAndRegisterStep.class.getName());
        form.put("$class", TrainAndRegisterStep.class.getName());
        form.put("command", "python train.py");
        form.put("model", "resnet");
        form.put("image", "");
        form.put("artifacts", "**");
        form.put("registry", "");
        form.put("alias", "");
        form.put("gpus", "all");
        form.put("preflight", true);
        form.put("allowCpuFallback", false);
        form.put("outputDir", ".gpu-training/runs");
        form.put("timeoutMinutes", "0");
        form.put("env", "");
        form.put("memory", "");
        form.put("requirePinned", false);
        form.put("pull", "");
        form.put("runtime", "");
        return form;
    }

    @Test
    public void aFormAtItsDefaultsGivesOnlyTheRequiredParameters() throws Exception {
        assertEquals("trainAndRegister command: 'python train.py', model: 'resnet'", generate(job(), trainForm()));
    }

    @Test
    public void theRegistryRuntimeAndEnvironmentOfTheFormBecomePipelineArguments() throws Exception {
        JSONObject form = trainForm();
        form.put("registry", "prod");
        form.put("runtime", "podman");
        form.put("env", "EPOCHS=3\n\n  HF_TOKEN  \n");
        form.put("memory", "8g");

        assertEquals("trainAndRegister command: 'python train.py', env: ['EPOCHS=3', 'HF_TOKEN'], memory: '8g', model: 'resnet',"
                + " registry: 'prod', runtime: 'podman'", generate(job(), form));
    }

    @Test
    public void withPytorchCudasShmSizeMountsAndRuntimeBecomePipelineArguments() throws Exception {
        JSONObject form = new JSONObject();
        form.put("stapler-class", WithPytorchCudaStep.class.getName());
        form.put("$class", WithPytorchCudaStep.class.getName());
        form.put("image", "registry.example/pytorch@sha256:" + "a".repeat(64));
        form.put("gpus", "all");
        form.put("preflight", true);
        form.put("requirePinned", false);
        form.put("pull", "");
        form.put("runtime", "podman");
        form.put("shmSize", "8g");
        form.put("mounts", "/data/imagenet\n/srv/tok:/tokenizer");
        form.put("network", "none");
        form.put("gpuWaitMinutes", "10");

        assertEquals("withPytorchCuda(image: 'registry.example/pytorch@sha256:" + "a".repeat(64) + "', mounts: ['/data/imagenet',"
                + " '/srv/tok:/tokenizer'], runtime: 'podman', shmSize: '8g') {\n    // some block\n}", generate(job(), form));
    }

    /**
     * The page itself, with its JavaScript, as a user works it: pick the step, see the configured registries in the
     * drop-down, fill the form (the advanced part too), press the button, read the line.
     */
    @Test
    public void thePageOffersTheConfiguredRegistriesAndGeneratesTheLineFromTheFilledForm() throws Exception {
        GpuTrainingConfiguration.get().setRegistries(List.of(new ModelRegistryEntry("staging", "local", "/srv/staging"),
                new ModelRegistryEntry("prod", "oci", "registry.example/ml/models")));
        WorkflowJob job = job();
        JenkinsRule.WebClient wc = r.createWebClient();
        HtmlPage page = wc.getPage(job, "pipeline-syntax");

        HtmlSelect steps = page.querySelector("select.dropdownList");
        HtmlOption train = steps.getOptions().stream().filter(o -> o.getText().startsWith("trainAndRegister:")).findFirst().orElseThrow();
        steps.setSelectedAttribute(train, true);
        wc.waitForBackgroundJavaScript(10_000);
        for (DomNode advanced : page.querySelectorAll("button.advanced-button")) {
            ((HtmlButton) advanced).click();
        }
        wc.waitForBackgroundJavaScript(5_000);

        HtmlSelect registry = page.querySelector("select[name='_.registry']");
        assertNotNull("the trainAndRegister form has a registry drop-down", registry);
        assertEquals(List.of("", "staging", "prod"), registry.getOptions().stream().map(HtmlOption::getValueAttribute).toList());
        assertEquals("prod (oci)", registry.getOptionByValue("prod").getText());
        ((HtmlTextInput) page.querySelector("input[name='_.command']")).setText("python train.py");
        ((HtmlTextInput) page.querySelector("input[name='_.model']")).setText("resnet");
        registry.setSelectedAttribute("prod", true);
        ((HtmlTextArea) page.querySelector("textarea[name='_.env']")).setText("EPOCHS=3\nHF_TOKEN");
        HtmlSelect runtime = page.querySelector("select[name='_.runtime']");
        runtime.setSelectedAttribute("podman", true);
        ((HtmlButton) page.getElementById("generatePipelineScript")).click();
        wc.waitForBackgroundJavaScript(10_000);

        assertEquals("trainAndRegister command: 'python train.py', env: ['EPOCHS=3', 'HF_TOKEN'], model: 'resnet', registry: 'prod',"
                + " runtime: 'podman'", ((HtmlTextArea) page.getElementById("prototypeText")).getText().strip());
    }
}
