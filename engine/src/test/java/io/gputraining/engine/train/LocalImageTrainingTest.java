package io.gputraining.engine.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gputraining.engine.docker.DockerImages;
import io.gputraining.engine.docker.TestDaemon;
import io.gputraining.engine.image.ImageNotPinnedException;
import io.gputraining.engine.image.ImageRequest;
import io.gputraining.engine.image.ManifestDigestResolver;
import io.gputraining.engine.preflight.GpuHealthCheck;
import io.gputraining.engine.preflight.HealthCheckRequest;
import io.gputraining.engine.preflight.PreflightPolicy;
import io.gputraining.engine.preflight.PreflightReport;
import io.gputraining.engine.preflight.Verdict;
import io.gputraining.engine.preflight.host.HostGpuProbe;
import io.gputraining.engine.registry.local.LocalModelRegistry;
import io.gputraining.engine.runtime.GpuRequest;
import io.gputraining.engine.runtime.HostUser;
import io.gputraining.engine.testing.LocalTestImages;
import io.gputraining.engine.testing.RecordingSink;
import io.gputraining.engine.testing.TestEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The preflight and trainAndRegister in PyTorch images no registry has: one built from the test image, one loaded
 * from a tar. They run pinned to their image ID, and the run manifest records it as local.
 */
class LocalImageTrainingTest {

    @RegisterExtension
    static final TestDaemon DAEMON = new TestDaemon();
    @RegisterExtension
    static final LocalTestImages IMAGES = new LocalTestImages();
    private static String builtName;
    private static String builtId;
    private static String loadedName;
    private static String loadedId;

    @TempDir
    Path workspace;
    @TempDir
    Path registryRoot;

    @BeforeAll
    static void imagesOnlyThisDaemonHas() throws Exception {
        builtName = IMAGES.name("engine-built");
        builtId = IMAGES.build(TestEnvironment.torchImage(), builtName);
        loadedName = IMAGES.name("engine-loaded");
        loadedId = IMAGES.loaded(TestEnvironment.torchImage(), loadedName);
    }

    private static DockerImages images() {
        return new DockerImages(DAEMON.runtime().client(), ManifestDigestResolver.withDefaults());
    }

    private PreflightReport health(ImageRequest image) throws InterruptedException {
        HealthCheckRequest request = HealthCheckRequest.builder().image(image).gpus(GpuRequest.none()).owner("local-image-test")
                .policy(PreflightPolicy.builder().allowCpuFallback(true).build()).build();
        return new GpuHealthCheck(DAEMON.runtime(), images(), HostGpuProbe.at(workspace.resolve("no-nvidia-smi")))
                .run(request, new RecordingSink(), p -> { });
    }

    private TrainingResult train(ImageRequest image, RecordingSink log) throws Exception {
        Files.setPosixFilePermissions(workspace, PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.copy(TrainingFlowTest.exampleScript(), workspace.resolve("train.py"));
        TrainingRequest request = TrainingRequest.builder().image(image).command(List.of("python3", "train.py", "--epochs", "2"))
                .workspace(workspace.toString()).gpus(GpuRequest.none())
                .preflight(PreflightPolicy.builder().allowCpuFallback(true).build()).artifacts(List.of("model.pt"))
                .modelName("local-image").owner("local-image-test-" + UUID.randomUUID()).user(HostUser.current())
                .gpuLockDirectory(workspace.resolve("locks").toString()).build();
        return new TrainingFlow(DAEMON.runtime(), images(), HostGpuProbe.at(workspace.resolve("no-nvidia-smi")),
                new LocalModelRegistry(registryRoot)).run(request, log, p -> { });
    }

    @Test
    void thePreflightProbesInsideABuiltImageAndInsideALoadedOneById() throws Exception {
        PreflightReport built = health(ImageRequest.of(builtName));
        PreflightReport loaded = health(ImageRequest.builder(loadedId).requirePinned(true).build());

        assertThat(built.overall()).isNotEqualTo(Verdict.Level.FAIL);
        assertThat(built.torchVersion()).isNotBlank();
        assertThat(built.imageDigest()).as("no registry digest: pinned by ID").isNull();
        assertThat(loaded.overall()).isNotEqualTo(Verdict.Level.FAIL);
    }

    @Test
    void requirePinnedRefusesTheBuiltTagBeforeAnythingRuns() {
        assertThatThrownBy(() -> health(ImageRequest.builder(builtName).requirePinned(true).build()))
                .isInstanceOfSatisfying(ImageNotPinnedException.class, e -> assertThat(e.suggestedPin()).isEqualTo(builtId));
    }

    @Test
    void trainingInTheLoadedImageRecordsItAsLocalPinnedToItsId() throws Exception {
        RecordingSink log = new RecordingSink();

        TrainingResult result = train(ImageRequest.of(loadedName), log);

        RunManifest.Image image = result.manifest().image();
        assertThat(image.requested()).isEqualTo(loadedName);
        assertThat(image.pinned()).isEqualTo(loadedId).isEqualTo(image.imageId());
        assertThat(image.digest()).isNull();
        assertThat(image.local()).isTrue();
        assertThat(image.origin()).isEqualTo("local-only");
        assertThat(LineageTags.of(result.manifest())).containsEntry("gpu_training.image", loadedId)
                .containsEntry("gpu_training.image_id", loadedId).doesNotContainKey("gpu_training.image_digest");
        assertThat(log.messages()).as("ensured once, and said why").filteredOn(m -> m.contains("is local-only")).hasSize(1);
        assertThat(image.describe()).isEqualTo(loadedName + " (local image " + loadedId + ")");
        assertThat(new String(new RunManifestJson().write(result.manifest()))).contains("\"local\" : true").doesNotContain("describe");
    }

    @Test
    void trainingInTheBuiltImageGivenByIdWithRequirePinnedRecordsThatId() throws Exception {
        TrainingResult result = train(ImageRequest.builder(builtId).requirePinned(true).build(), new RecordingSink());

        assertThat(result.manifest().image().pinned()).isEqualTo(builtId);
        assertThat(result.manifest().image().local()).isTrue();
        assertThat(result.manifest().image().origin()).isEqualTo("present");
        assertThat(result.model().version()).isEqualTo("1");
    }
}
