package io.gputraining.engine.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gputraining.engine.artifacts.InvalidArtifactPatternException;
import io.gputraining.engine.docker.DockerImages;
import io.gputraining.engine.docker.DockerTestSupport;
import io.gputraining.engine.docker.TestDaemon;
import io.gputraining.engine.image.ImageRequest;
import io.gputraining.engine.image.ManifestDigestResolver;
import io.gputraining.engine.preflight.host.HostGpuProbe;
import io.gputraining.engine.registry.local.InvalidModelNameException;
import io.gputraining.engine.registry.local.LocalModelRegistry;
import io.gputraining.engine.runtime.GpuRequest;
import io.gputraining.engine.runtime.HostUser;
import io.gputraining.engine.testing.RecordingSink;
import io.gputraining.engine.testing.TestEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** What the request alone shows to be wrong is refused before any pull, lease or container, and leaves nothing behind. */
class TrainingFlowRefusalTest {

    @RegisterExtension
    static final TestDaemon DAEMON = new TestDaemon();

    @TempDir
    Path dir;

    private TrainingRequest request(Path workspace, List<String> command, List<String> artifacts, String model) {
        return TrainingRequest.builder().image(ImageRequest.of(TestEnvironment.torchImage())).command(command)
                .workspace(workspace.toString()).outputDir("runs").gpus(GpuRequest.none()).preflight(null).artifacts(artifacts)
                .modelName(model).owner(DockerTestSupport.uniqueOwner()).user(HostUser.current())
                .gpuLockDirectory(dir.resolve("locks").toString()).gpuWait(Duration.ZERO).build();
    }

    private void train(TrainingRequest request) throws InterruptedException {
        new TrainingFlow(DAEMON.runtime(), new DockerImages(DAEMON.runtime().client(), ManifestDigestResolver.withDefaults()),
                HostGpuProbe.at(dir.resolve("no-nvidia-smi")), new LocalModelRegistry(dir.resolve("registry")))
                .run(request, new RecordingSink(), p -> { });
    }

    @Test
    void aMissingWorkspaceIsRefusedAndNotCreated() {
        Path missing = dir.resolve("no-such-workspace");

        assertThatThrownBy(() -> train(request(missing, List.of("true"), List.of("**"), "m")))
                .isInstanceOf(WorkspaceNotFoundException.class).hasMessageContaining(missing + " is not a directory");
        assertThat(missing).doesNotExist();
    }

    @Test
    void anArtifactPatternLeavingTheOutputDirectoryIsRefusedBeforeTraining() throws Exception {
        Path workspace = Files.createDirectory(dir.resolve("ws"));

        assertThatThrownBy(() -> train(request(workspace, List.of("true"), List.of("../../etc/passwd"), "m")))
                .isInstanceOf(InvalidArtifactPatternException.class).hasMessageContaining("'..' segment");
        assertThat(workspace).isEmptyDirectory();
    }

    @Test
    void aModelNameTheRegistryRefusesIsRefusedBeforeTraining() throws Exception {
        Path workspace = Files.createDirectory(dir.resolve("ws"));

        assertThatThrownBy(() -> train(request(workspace, List.of("true"), List.of("**"), "../escape")))
                .isInstanceOf(InvalidModelNameException.class);
        assertThat(workspace).isEmptyDirectory();
        assertThat(dir.resolve("registry")).doesNotExist();
    }

    @Test
    void aTrainingThatFailsBeforeWritingLeavesNoEmptyRunDirectory() throws Exception {
        Path workspace = Files.createDirectory(dir.resolve("ws"));
        Files.setPosixFilePermissions(workspace, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(workspace.resolve("train.py"), "raise SystemExit(2)\n");

        assertThatThrownBy(() -> train(request(workspace, List.of("python3", "train.py"), List.of("**"), "m")))
                .isInstanceOf(TrainingFailedException.class);
        try (Stream<Path> left = Files.list(workspace)) {
            assertThat(left).containsExactly(workspace.resolve("train.py"));
        }
    }
}
