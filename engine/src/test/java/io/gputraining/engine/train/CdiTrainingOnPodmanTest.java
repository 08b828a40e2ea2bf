package io.gputraining.engine.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.gputraining.engine.cdi.TestCdiSpec;
import io.gputraining.engine.docker.DockerEndpoint;
import io.gputraining.engine.docker.DockerImages;
import io.gputraining.engine.docker.DockerRuntime;
import io.gputraining.engine.docker.TestDaemon;
import io.gputraining.engine.image.ImageRequest;
import io.gputraining.engine.image.ManifestDigestResolver;
import io.gputraining.engine.preflight.PreflightPolicy;
import io.gputraining.engine.preflight.host.HostGpuProbe;
import io.gputraining.engine.preflight.host.NvidiaSmiStandIn;
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
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * trainAndRegister on Podman with one GPU of the replayed H100: the lease gives its UUID, the training container
 * gets the CDI device of that name (the test's own kind, injecting a node and a variable), and the run manifest
 * records that GPUs went as CDI devices, and which.
 */
class CdiTrainingOnPodmanTest {

    @RegisterExtension
    static final TestDaemon PODMAN = TestDaemon.podmanRootful();

    @TempDir
    Path workspace;
    @TempDir
    Path registryRoot;
    @TempDir
    Path locks;
    @TempDir
    Path smi;

    @Test
    void theLeasedGpuReachesTheTrainingAsItsCdiDeviceAndTheManifestSaysSo() throws Exception {
        Files.setPosixFilePermissions(workspace, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path bin = NvidiaSmiStandIn.install(smi, NvidiaSmiStandIn.H100, "query-gpu.csv", "compute-apps-idle.csv");
        String node = TestEnvironment.cdiTestDevice();
        List<String> command = List.of("sh", "-c", "echo \"$GT_CDI_DEVICE_0 $GT_CDI_DEVICE_1\" > \"$GPU_TRAINING_OUTPUT_DIR/seen.txt\""
                + " && stat -c '%F %t:%T' " + node + " >> \"$GPU_TRAINING_OUTPUT_DIR/seen.txt\"");
        try (TestCdiSpec spec = TestCdiSpec.write();
             DockerRuntime runtime = DockerRuntime.connect(new DockerEndpoint(PODMAN.host(), false, null), spec.kind())) {
            TrainingRequest request = TrainingRequest.builder().image(ImageRequest.of(TestEnvironment.torchImage())).command(command)
                    .workspace(workspace.toString()).outputDir("runs").gpus(GpuRequest.count(1))
                    .preflight(PreflightPolicy.builder().allowCpuFallback(true).build()).artifacts(List.of("seen.txt"))
                    .modelName("cdi-model").owner("cdi-train-" + UUID.randomUUID()).user(HostUser.current())
                    .gpuLockDirectory(locks.toString()).gpuWait(Duration.ZERO).build();

            TrainingResult result = new TrainingFlow(runtime, new DockerImages(runtime.client(), ManifestDigestResolver.withDefaults()),
                    HostGpuProbe.at(bin.resolve("nvidia-smi")), new LocalModelRegistry(registryRoot)).run(request, new RecordingSink(), p -> { });

            RunManifest.Host host = result.manifest().host();
            assertThat(host.leasedGpus()).containsExactly(TestCdiSpec.H100_UUID);
            assertThat(host.gpuAccess()).isEqualTo("cdi");
            assertThat(host.gpuDevices()).containsExactly(spec.kind() + "=" + TestCdiSpec.H100_UUID);
            assertThat(host.runtime()).startsWith("podman ");
            assertThat(result.manifest().preflight().checks()).containsEntry("cdi-spec", "PASS").containsEntry("runtime-gpus", "PASS");
            assertThat(Files.readString(workspace.resolve(result.manifest().outputDir()).resolve("seen.txt")))
                    .isEqualTo("present \ncharacter special file 1:3\n");
        }
    }
}
