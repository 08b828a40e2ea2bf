package io.jenkins.plugins.gputraining;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Image;
import io.gputraining.engine.docker.DockerEndpoint;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.After;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.jvnet.hudson.test.BuildWatcher;
import org.jvnet.hudson.test.JenkinsRule;

/**
 * The pattern most pipelines use: build the training image with docker-workflow's {@code docker.build}, then run
 * in it. The image exists only in the agent's daemon; the steps run it pinned to its image ID.
 */
public class LocalImageStepsTest {

    private static final String LABEL = "io.gputraining.test.local-image";

    /** A training script that writes a model file and metrics where the step tells it to. */
    private static final String TRAIN_PY = String.join("\\n",
            "import json, os",
            "out = os.environ['GPU_TRAINING_OUTPUT_DIR']",
            "open(os.path.join(out, 'model.bin'), 'wb').write(open('/gpu-training-marker.txt', 'rb').read())",
            "json.dump({'metrics': {'loss': 0.5}}, open(os.path.join(out, 'metrics.json'), 'w'))");

    @ClassRule
    public static BuildWatcher buildWatcher = new BuildWatcher();

    @Rule
    public JenkinsRule r = new JenkinsRule();

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String marker = "marker-" + UUID.randomUUID();

    /** The steps that write the Dockerfile and build the image; {@code img} is docker-workflow's Image. */
    private String buildImage() {
        String torch = TestComponents.torchImage();
        return "  writeFile file: 'image/Dockerfile', text: 'FROM " + torch + "\\nCOPY marker.txt /gpu-training-marker.txt\\n'\n"
                + "  writeFile file: 'image/marker.txt', text: '" + marker + "'\n"
                + "  writeFile file: 'train.py', text: \"" + TRAIN_PY + "\"\n"
                + "  def img = docker.build(\"gpu-training-localimg-test/train:${env.BUILD_ID}-" + run + "\",\n"
                + "      '--label " + LABEL + "=" + run + " --network none image')\n";
    }

    private File localRegistry() throws Exception {
        File registry = tmp.newFolder("registry");
        GpuTrainingConfiguration.get().setRegistries(List.of(new ModelRegistryEntry("local", "local", registry.getPath())));
        GpuTrainingConfiguration.get().setGpuLockDirectory(tmp.newFolder("locks").getPath());
        return registry;
    }

    @Test
    public void anImageBuiltInThePipelineRunsTheBlockAndTrainsPinnedToItsImageId() throws Exception {
        File registry = localRegistry();
        WorkflowJob job = r.createProject(WorkflowJob.class, "docker-build");
        job.setDefinition(new CpsFlowDefinition("node {\n" + buildImage()
                + "  withPytorchCuda(image: img.id, gpus: 'none', preflight: false) {\n"
                + "    sh 'echo \"inside: $(cat /gpu-training-marker.txt)\"'\n"
                + "  }\n"
                + "  def v = trainAndRegister model: 'tiny', command: 'python3 train.py', image: img.id, gpus: 'none',\n"
                + "      allowCpuFallback: true, artifacts: 'model.bin'\n"
                + "  echo \"registered ${v.model} version ${v.version}\"\n"
                + "}", true));

        WorkflowRun build = r.buildAndAssertSuccess(job);

        String id = imageId(build);
        r.assertLogContains("inside: " + marker, build);
        r.assertLogContains("registered tiny version 1", build);
        ModelSummary model = build.getAction(GpuTrainingAction.class).getModels().get(0);
        assertTrue(model.getImage(), model.getImage().contains(id));
        Path manifest = registry.toPath().resolve("models/tiny/versions/1/run-manifest.json");
        String json = Files.readString(manifest, StandardCharsets.UTF_8);
        assertTrue(json, json.contains("\"pinned\" : \"" + id + "\"") && json.contains("\"local\" : true"));
        String markerSha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(marker.getBytes(StandardCharsets.UTF_8)));
        assertTrue("model.bin is the marker the training read in the image: " + json, json.contains(markerSha256));
    }

    @Test
    public void requirePinnedRefusesTheBuiltTagNamingItsIdAndTakesThatId() throws Exception {
        localRegistry();
        WorkflowJob job = r.createProject(WorkflowJob.class, "docker-build-pinned");
        job.setDefinition(new CpsFlowDefinition("node {\n" + buildImage()
                + "  try {\n"
                + "    withPytorchCuda(image: img.id, gpus: 'none', preflight: false, requirePinned: true) { echo 'not pinned, yet ran' }\n"
                + "  } catch (e) {\n"
                + "    echo \"refused: ${e.message}\"\n"
                + "  }\n"
                + "  def id = sh(returnStdout: true, script: \"docker image inspect --format '{{.Id}}' ${img.id}\").trim()\n"
                + "  withPytorchCuda(image: id, gpus: 'none', preflight: false, requirePinned: true) {\n"
                + "    sh 'echo \"inside: $(cat /gpu-training-marker.txt)\"'\n"
                + "  }\n"
                + "  trainAndRegister model: 'tiny', command: 'python3 train.py', image: id, requirePinned: true, gpus: 'none',\n"
                + "      allowCpuFallback: true, artifacts: 'model.bin'\n"
                + "}", true));

        WorkflowRun build = r.buildAndAssertSuccess(job);

        String id = imageId(build);
        r.assertLogNotContains("not pinned, yet ran", build);
        r.assertLogContains("Pin it as " + id, build);
        r.assertLogContains("inside: " + marker, build);
        r.assertLogContains("Registered tiny version 1", build);
    }

    @Test
    public void thePullPolicyIsTheStepsElseTheGlobalOne() throws Exception {
        TestComponents.torchImage();
        String missing = System.getenv("GT_TEST_REGISTRY") + "/gpu-training/busybox-test:no-such-tag";
        GpuTrainingConfiguration.get().setPull("never");
        WorkflowJob job = r.createProject(WorkflowJob.class, "pull-policy");
        job.setDefinition(new CpsFlowDefinition("node {\n"
                + "  try {\n"
                + "    withPytorchCuda(image: '" + missing + "', gpus: 'none', preflight: false) { echo 'body ran' }\n"
                + "  } catch (e) {\n"
                + "    echo \"global: ${e.message}\"\n"
                + "  }\n"
                + "  gpuHealthCheck image: '" + missing + "', gpus: 'none', minGpus: 0, allowCpuFallback: true, pull: 'newer'\n"
                + "}", true));

        WorkflowRun build = r.buildAndAssertStatus(hudson.model.Result.FAILURE, job);

        r.assertLogContains("global: Image " + missing + " is not in this Docker daemon, and the pull policy 'never' forbids"
                + " pulling it", build);
        r.assertLogContains("Image tag no-such-tag does not exist", build); // the step's newer asked the registry
        r.assertLogNotContains("body ran", build);
    }

    /** The ID the log says the local image ran by (and the daemon agrees). */
    private String imageId(WorkflowRun build) throws Exception {
        Matcher m = Pattern.compile("running image id (sha256:[0-9a-f]{64})|Image (sha256:[0-9a-f]{64}) is present")
                .matcher(JenkinsRule.getLog(build));
        assertTrue("the log names the image ID that ran", m.find());
        String id = m.group(1) != null ? m.group(1) : m.group(2);
        try (DockerClient docker = DockerEndpoint.fromEnvironment().connect()) {
            List<Image> ours = docker.listImagesCmd().withLabelFilter(LABEL + "=" + run).exec();
            assertEquals(List.of(id), ours.stream().map(Image::getId).toList());
        }
        return id;
    }

    @After
    public void removeTheImagesBuilt() throws Exception {
        try (DockerClient docker = DockerEndpoint.fromEnvironment().connect()) {
            for (Image image : docker.listImagesCmd().withLabelFilter(LABEL + "=" + run).exec()) {
                docker.removeImageCmd(image.getId()).withForce(true).exec();
            }
        }
    }
}
