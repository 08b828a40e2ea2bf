package io.gputraining.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gputraining.engine.testing.LocalTestImages;
import io.gputraining.engine.testing.TestEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * health, run, train and reproduce with images no registry has — one built with docker build from the PyTorch test
 * image, one that arrived by docker load — and the pull policy from flag, variable and its wrong words.
 */
class CliLocalImageTest {

    @RegisterExtension
    static final LocalTestImages IMAGES = new LocalTestImages();
    private static String builtName;
    private static String builtId;
    private static String loadedName;
    private static String loadedId;

    @RegisterExtension
    final CapturedCli cli = new CapturedCli();

    @BeforeAll
    static void imagesOnlyThisDaemonHas() throws Exception {
        builtName = IMAGES.name("cli-built");
        builtId = IMAGES.build(TestEnvironment.torchImage(), builtName);
        loadedName = IMAGES.name("cli-loaded");
        loadedId = IMAGES.loaded(TestEnvironment.torchImage(), loadedName);
    }

    @Test
    void healthChecksInsideABuiltImageAndSaysItRanLocalOnlyByItsId() {
        int code = cli.run("health", "--image", builtName, "--gpus", "none", "--allow-cpu-fallback");

        assertThat(code).as(cli.stderr()).isZero();
        assertThat(cli.stderr()).contains("is local-only").contains("running image id " + builtId).contains("torch-import");
    }

    @Test
    void requirePinnedRefusesTheLoadedTagNamingItsIdAndAcceptsThatId() {
        assertThat(cli.run("health", "--image", loadedName, "--require-pinned", "--gpus", "none", "--allow-cpu-fallback"))
                .isEqualTo(ExitCodes.ENGINE_ERROR);
        assertThat(cli.stderr()).contains("Pin it as " + loadedId);

        assertThat(cli.run("health", "--image", loadedId, "--require-pinned", "--gpus", "none", "--allow-cpu-fallback"))
                .as(cli.stderr()).isZero();
    }

    @Test
    void runInTheLoadedImageReportsTheImageIdThatRan() throws Exception {
        int code = cli.run("run", "--json", "--image", loadedName, "--", "test", "-f", "/gpu-training-marker.txt");

        assertThat(code).as(cli.stderr()).isZero();
        JsonNode image = new ObjectMapper().readTree(cli.stdout()).path("image");
        assertThat(image.path("pinned").asText()).isEqualTo(loadedId);
        assertThat(image.path("imageId").asText()).isEqualTo(loadedId);
        assertThat(image.path("local").asBoolean()).isTrue();
        assertThat(image.path("origin").asText()).isEqualTo("local-only");
    }

    @Test
    void trainRecordsABuiltImageAsLocalAndReproduceSaysToLoadItWhereItIsMissing(@TempDir Path workspace, @TempDir Path registry)
            throws Exception {
        String name = IMAGES.name("cli-train");
        String id = IMAGES.build(TestEnvironment.torchImage(), name);
        Path manifest = trained(workspace, registry.resolve("first"), "--image", name);
        JsonNode image = new ObjectMapper().readTree(manifest.toFile()).path("image");
        assertThat(image.path("requested").asText()).isEqualTo(name);
        assertThat(image.path("pinned").asText()).isEqualTo(id);
        assertThat(image.path("local").asBoolean()).isTrue();
        assertThat(image.path("origin").asText()).isEqualTo("local-only");

        assertThat(cli.run("reproduce", manifest.toString(), "--allow-cpu-fallback", "--registry", "local:" + registry.resolve("again"),
                "--workspace", workspace.toString())).as(cli.stderr()).isZero();
        assertThat(cli.stderr()).contains("which only its agent had").contains("same     model.pt");

        IMAGES.remove(id);
        assertThat(cli.run("reproduce", manifest.toString(), "--allow-cpu-fallback", "--registry", "local:" + registry.resolve("again"),
                "--workspace", workspace.toString())).isEqualTo(ExitCodes.ENGINE_ERROR);
        assertThat(cli.stderr()).contains("is not in this Docker daemon").contains("docker load");
    }

    @Test
    void trainWithRequirePinnedTakesTheLoadedImageById(@TempDir Path workspace, @TempDir Path registry) throws Exception {
        Path manifest = trained(workspace, registry, "--image", loadedId, "--require-pinned");

        JsonNode image = new ObjectMapper().readTree(manifest.toFile()).path("image");
        assertThat(image.path("pinned").asText()).isEqualTo(loadedId);
        assertThat(image.path("origin").asText()).isEqualTo("present");
    }

    @Test
    void pullNeverWithTheImageMissingIsAnErrorSayingSo() {
        String missing = TestEnvironment.registry() + "/gpu-training/busybox-test:no-such-tag";

        assertThat(cli.run("run", "--pull", "never", "--image", missing, "--", "true")).isEqualTo(ExitCodes.ENGINE_ERROR);
        assertThat(cli.stderr()).contains("is not in this Docker daemon").contains("'never' forbids pulling it");
    }

    @Test
    void thePullPolicyCanComeFromGpuTrainingPull() {
        String missing = TestEnvironment.registry() + "/gpu-training/busybox-test:no-such-tag";

        assertThat(cli.run(Map.of("GPU_TRAINING_PULL", "never"), "run", "--image", missing, "--", "true"))
                .isEqualTo(ExitCodes.ENGINE_ERROR);
        assertThat(cli.stderr()).contains("'never' forbids pulling it");
    }

    @Test
    void aWrongPullPolicyIsAUsageErrorNamingTheWords() {
        assertThat(cli.run("run", "--pull", "if-not-present", "--image", builtName, "--", "true")).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.stderr()).contains("'if-not-present'").contains("missing, always, never, newer");
    }

    /** Trains the example in the image the flags give, on the CPU; returns the registered version's run manifest. */
    private Path trained(Path workspace, Path registry, String... imageFlags) throws Exception {
        Files.setPosixFilePermissions(workspace, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.copy(CliTest.exampleScript(), workspace.resolve("train.py"));
        String[] common = {"train", "--gpus", "none", "--allow-cpu-fallback", "--model", "local-image", "--registry",
                "local:" + registry, "--artifacts", "model.pt", "--workspace", workspace.toString()};
        String[] command = {"--", "python3", "train.py", "--epochs", "2"};
        String[] args = new String[common.length + imageFlags.length + command.length];
        System.arraycopy(common, 0, args, 0, common.length);
        System.arraycopy(imageFlags, 0, args, common.length, imageFlags.length);
        System.arraycopy(command, 0, args, common.length + imageFlags.length, command.length);

        assertThat(cli.run(args)).as(cli.stderr()).isZero();
        return registry.resolve("models/local-image/versions/1/run-manifest.json");
    }
}
