package io.gputraining.engine.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gputraining.engine.EngineException;
import io.gputraining.engine.LogSink;
import io.gputraining.engine.docker.DockerImages;
import io.gputraining.engine.docker.DockerRuntime;
import io.gputraining.engine.docker.DockerTestSupport;
import io.gputraining.engine.docker.TestDaemon;
import io.gputraining.engine.image.ImageRequest;
import io.gputraining.engine.image.ManifestDigestResolver;
import io.gputraining.engine.preflight.host.HostGpuProbe;
import io.gputraining.engine.runtime.ExecSpec;
import io.gputraining.engine.runtime.GpuRequest;
import io.gputraining.engine.runtime.HostUser;
import io.gputraining.engine.runtime.ReadOnlyMount;
import io.gputraining.engine.runtime.ShmSize;
import io.gputraining.engine.testing.RecordingSink;
import io.gputraining.engine.testing.TestEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What users of {@code docker.image().inside('--shm-size 8g -v /data:/data:ro')} bring to {@code withPytorchCuda}: the
 * block's {@code /dev/shm} has the size asked for, and a data directory is readable and never writable, on the real
 * daemon (and, in the subclass, on Podman).
 */
class ContainerBlockOptionsTest {

    @RegisterExtension
    static final TestDaemon DAEMON = new TestDaemon();

    @TempDir
    Path dir;
    private String owner;

    protected DockerRuntime runtime() {
        return DAEMON.runtime();
    }

    @BeforeEach
    void setUp() {
        owner = DockerTestSupport.uniqueOwner();
    }

    private BlockContainer start(ContainerBlockRequest.Builder block, RecordingSink log) throws Exception {
        Path workspace = Files.createDirectories(dir.resolve("ws"));
        Path temp = Files.createDirectories(dir.resolve("ws@tmp"));
        LaunchRequest launch = LaunchRequest.builder().image(ImageRequest.of(TestEnvironment.smallImage())).gpus(GpuRequest.none())
                .preflight(null).owner(owner).user(HostUser.current()).gpuLockDirectory(dir.resolve("locks").toString())
                .gpuWait(Duration.ZERO).build();
        GpuContainerLaunch launcher = new GpuContainerLaunch(runtime(),
                new DockerImages(runtime().client(), ManifestDigestResolver.withDefaults()), HostGpuProbe.at(dir.resolve("no-smi")));
        return launcher.start(block.launch(launch).workspace(workspace.toString()).tempDirectory(temp.toString()).build(), owner + "-block", log,
                p -> { });
    }

    /** The block's container, removed at the end of the test as the block's end removes it. */
    private record Removed(BlockContainer block) implements AutoCloseable {
        io.gputraining.engine.runtime.ContainerSession session() {
            return block.session();
        }

        @Override
        public void close() {
            block.remove();
        }
    }

    private static String shmKib(Removed container) throws Exception {
        RecordingSink out = new RecordingSink();
        container.session().exec(ExecSpec.of("sh", "-c", "df -k /dev/shm | tail -1"), out);
        return out.text(LogSink.OutputStreamKind.STDOUT).strip().split("\\s+")[1];
    }

    @Test
    void theBlocksShmHasTheSizeAskedForAndTwoGibWithout() throws Exception {
        try (Removed container = new Removed(start(ContainerBlockRequest.builder().shmSize(ShmSize.parse("256m")), new RecordingSink()))) {
            assertThat(shmKib(container)).isEqualTo(String.valueOf(256 * 1024));
        }
        try (Removed container = new Removed(start(ContainerBlockRequest.builder(), new RecordingSink()))) {
            assertThat(shmKib(container)).isEqualTo(String.valueOf(2 * 1024 * 1024));
        }
    }

    @Test
    void aDataDirectoryIsReadableAndNotWritable() throws Exception {
        Path data = Files.createDirectories(dir.resolve("imagenet"));
        Files.writeString(data.resolve("labels.txt"), "cat\ndog\n");
        RecordingSink log = new RecordingSink();

        try (Removed container = new Removed(start(ContainerBlockRequest.builder().mount(ReadOnlyMount.parse(data + ":/datasets/in")), log))) {
            int read = container.session().exec(ExecSpec.of("sh", "-c", "wc -l < /datasets/in/labels.txt"), log);
            int write = container.session().exec(ExecSpec.of("sh", "-c", "touch /datasets/in/x"), log);

            assertThat(read).isZero();
            assertThat(log.text(LogSink.OutputStreamKind.STDOUT)).contains("2");
            assertThat(write).isNotZero();
            assertThat(log.text(LogSink.OutputStreamKind.STDERR)).contains("Read-only file system");
        }
        assertThat(data.resolve("x")).doesNotExist();
    }

    @Test
    void aMissingDataDirectoryIsRefusedBeforeAnyContainerStarts() {
        assertThatThrownBy(() -> start(ContainerBlockRequest.builder().mount(ReadOnlyMount.parse(dir.resolve("absent").toString())),
                new RecordingSink())).isInstanceOf(EngineException.class).hasMessageContaining("does not exist on this agent");
        assertThat(DockerTestSupport.containersOf(runtime(), owner)).isEmpty();
    }
}
