package io.gputraining.engine.docker;

import static io.gputraining.engine.docker.DockerTestSupport.containersOf;
import static io.gputraining.engine.docker.DockerTestSupport.uniqueOwner;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.exception.NotFoundException;
import io.gputraining.engine.LogSink.OutputStreamKind;
import io.gputraining.engine.runtime.ContainerSpec;
import io.gputraining.engine.runtime.FileToCopy;
import io.gputraining.engine.runtime.GpuRequest;
import io.gputraining.engine.runtime.Mount;
import io.gputraining.engine.runtime.RunResult;
import io.gputraining.engine.testing.RecordingSink;
import io.gputraining.engine.testing.TestEnvironment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** One-shot runs on the real daemon with the real test images. */
class DockerRuntimeTest {

    @RegisterExtension
    static final TestDaemon DAEMON = new TestDaemon();

    /** The runtime under test; the Podman classes that extend this one run the same tests on their service. */
    protected DockerRuntime runtime() {
        return DAEMON.runtime();
    }

    /** The address of {@link #runtime()}'s daemon. */
    protected String daemonHost() {
        return DAEMON.host();
    }

    @Test
    void runsPythonAndTorchInsideThePinnedImage() throws Exception {
        RecordingSink sink = new RecordingSink();
        RunResult result = runtime().run(ContainerSpec.builder(TestEnvironment.torchImage())
                .command("python3", "-c", "import torch; print('torch', torch.__version__, torch.cuda.is_available());"
                        + " print(float((torch.ones(64, 64) @ torch.ones(64, 64))[0, 0]))")
                .owner(uniqueOwner()).build(), sink);

        assertThat(result.exitCode()).isZero();
        assertThat(sink.text(OutputStreamKind.STDOUT)).contains("torch 1.13").contains("False").contains("64.0");
    }

    @Test
    void returnsTheCommandsExitCode() throws Exception {
        RunResult result = runtime().run(ContainerSpec.builder(TestEnvironment.smallImage())
                .command("sh", "-c", "exit 42").owner(uniqueOwner()).build(), new RecordingSink());

        assertThat(result.exitCode()).isEqualTo(42);
        assertThat(result.oomKilled()).isFalse();
    }

    @Test
    void passesTheEnvironment() throws Exception {
        RecordingSink sink = new RecordingSink();
        runtime().run(ContainerSpec.builder(TestEnvironment.smallImage())
                .command("sh", "-c", "echo \"$GREETING/$OTHER\"")
                .env("GREETING", "hello world").env("OTHER", "x=y")
                .owner(uniqueOwner()).build(), sink);

        assertThat(sink.text(OutputStreamKind.STDOUT)).isEqualTo("hello world/x=y\n");
    }

    @Test
    void theEnvironmentReachesTheCommandButNotTheContainersConfig() throws Exception {
        String owner = uniqueOwner();
        String secret = "it's a \"secret\" $HOME `x`\nline two";
        RecordingSink sink = new RecordingSink();
        AtomicReference<String> inspected = new AtomicReference<>();
        Thread inspector = new Thread(() -> {
            for (int i = 0; i < 500 && inspected.get() == null; i++) {
                try {
                    containersOf(runtime(), owner).stream().findFirst().ifPresent(c -> {
                        var inspect = runtime().client().inspectContainerCmd(c.getId()).exec();
                        inspected.set(String.join("\n", inspect.getConfig().getEnv()) + "\n" + String.join(" ", inspect.getConfig().getCmd())
                                + "\n" + inspect.getConfig().getLabels() + "\n" + String.join(" ", inspect.getArgs()));
                    });
                } catch (NotFoundException e) {
                    // listed, then removed before the inspect (a loaded machine): look again
                }
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        inspector.start();
        RunResult result = runtime().run(ContainerSpec.builder(TestEnvironment.smallImage())
                .command("sh", "-c", "sleep 2; printf '%s|%s' \"$TOKEN\" \"$1\"", "sh", "first arg")
                .env("TOKEN", secret).owner(owner).build(), sink);
        inspector.join();

        assertThat(result.exitCode()).isZero();
        assertThat(sink.text(OutputStreamKind.STDOUT)).isEqualTo(secret + "|first arg");
        assertThat(inspected.get()).isNotNull().doesNotContain("secret").doesNotContain("TOKEN=");
    }

    @Test
    void anEnvironmentNameNoShellCanExportIsRefused() {
        assertThatThrownBy(() -> runtime().run(ContainerSpec.builder(TestEnvironment.smallImage()).command("true")
                .env("NOT.A.NAME", "x").owner(uniqueOwner()).build(), new RecordingSink()))
                .hasMessageContaining("Environment variable name 'NOT.A.NAME' cannot be passed");
    }

    @Test
    void mountsTheWorkspaceAtTheSamePathAndWritesFilesAsTheGivenUser(@TempDir Path workspace) throws Exception {
        Files.setPosixFilePermissions(workspace, PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.writeString(workspace.resolve("input.txt"), "from the host");
        String ws = workspace.toString();

        RunResult result = runtime().run(ContainerSpec.builder(TestEnvironment.smallImage())
                .command("sh", "-c", "cat input.txt > copy.txt && id -u > uid.txt && pwd > pwd.txt")
                .mount(Mount.samePath(ws)).workingDir(ws).user("4242:4343")
                .owner(uniqueOwner()).build(), new RecordingSink());

        assertThat(result.exitCode()).isZero();
        assertThat(Files.readString(workspace.resolve("copy.txt"))).isEqualTo("from the host");
        assertThat(Files.readString(workspace.resolve("pwd.txt")).strip()).isEqualTo(ws);
        assertThat(Files.readString(workspace.resolve("uid.txt")).strip()).isEqualTo("4242");
        assertThat(Files.getAttribute(workspace.resolve("copy.txt"), "unix:uid")).isEqualTo(4242);
        assertThat(Files.getAttribute(workspace.resolve("copy.txt"), "unix:gid")).isEqualTo(4343);
    }

    @Test
    void streamsInterleavedStdoutAndStderrInOrder() throws Exception {
        // dockerd reads the two pipes in separate goroutines: gaps of 100 ms keep their order on a loaded machine
        RecordingSink sink = new RecordingSink();
        runtime().run(ContainerSpec.builder(TestEnvironment.smallImage())
                .command("sh", "-c", "for i in 1 2 3 4 5 6 7 8 9 10; do echo out$i; sleep 0.1; echo err$i >&2; sleep 0.1; done")
                .owner(uniqueOwner()).build(), sink);

        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            expected.add("out:out" + i);
            expected.add("err:err" + i);
        }
        assertThat(sink.taggedLines()).containsExactlyElementsOf(expected);
    }

    @Test
    void copiesFilesIntoTheContainerBeforeTheCommandStarts() throws Exception {
        RecordingSink sink = new RecordingSink();
        RunResult result = runtime().run(ContainerSpec.builder(TestEnvironment.smallImage())
                .file(new FileToCopy("/opt/gpu-training/probe/hello.sh", "echo copied in\n".getBytes(StandardCharsets.UTF_8), 0755))
                .command("sh", "-c", "/opt/gpu-training/probe/hello.sh && ls -l /opt/gpu-training/probe/hello.sh")
                .user("4242:4242")
                .owner(uniqueOwner()).build(), sink);

        assertThat(result.exitCode()).isZero();
        assertThat(sink.text(OutputStreamKind.STDOUT)).startsWith("copied in\n").contains("-rwxr-xr-x");
    }

    @Test
    void removesTheContainerAfterTheRun() throws Exception {
        String owner = uniqueOwner();
        RunResult result = runtime().run(ContainerSpec.builder(TestEnvironment.smallImage())
                .command("true").owner(owner).build(), new RecordingSink());

        assertThat(result.exitCode()).isZero();
        assertThat(containersOf(runtime(), owner)).isEmpty();
    }

    @Test
    void interruptMidRunRemovesTheContainer() throws Exception {
        String owner = uniqueOwner();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread runner = new Thread(() -> {
            try {
                runtime().run(ContainerSpec.builder(TestEnvironment.smallImage())
                        .command("sleep", "120").owner(owner).build(), new RecordingSink());
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        runner.start();
        awaitRunningContainer(owner);

        runner.interrupt();
        runner.join(30_000);

        assertThat(runner.isAlive()).isFalse();
        assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
        assertThat(containersOf(runtime(), owner)).isEmpty();
    }

    @Test
    void unknownImageFailsWithTheImageNamed() {
        String image = TestEnvironment.registry() + "/gpu-training/does-not-exist:never";
        assertThatThrownBy(() -> runtime().run(ContainerSpec.builder(image).command("true").owner(uniqueOwner()).build(), new RecordingSink()))
                .isInstanceOf(ContainerFailedException.class)
                .hasMessageContaining(image)
                .hasMessageContaining("not present");
    }

    @Test
    void gpuRequestOnADaemonWithoutNvidiaRuntimeSaysHowToFixIt() {
        String owner = uniqueOwner();
        assertThatThrownBy(() -> runtime().run(ContainerSpec.builder(TestEnvironment.smallImage())
                .command("true").gpus(GpuRequest.all()).owner(owner).build(), new RecordingSink()))
                .isInstanceOf(ContainerFailedException.class)
                .hasMessageContaining("could not select device driver")
                .hasMessageContaining("nvidia-ctk cdi generate --output=/etc/cdi/nvidia.yaml")
                .hasMessageContaining("nvidia-ctk runtime configure --runtime=docker");
        assertThat(containersOf(runtime(), owner)).isEmpty();
    }

    @Test
    void refusesBridgeNetworking() {
        assertThatThrownBy(() -> runtime().run(ContainerSpec.builder(TestEnvironment.smallImage())
                .command("true").networkMode("bridge").owner(uniqueOwner()).build(), new RecordingSink()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'none'");
    }

    @Test
    void unreachableDaemonIsReportedWithItsAddress() {
        assertThatThrownBy(() -> DockerRuntime.connect(new DockerEndpoint("unix:///nonexistent/docker.sock", false, null)))
                .isInstanceOf(DockerUnavailableException.class)
                .hasMessageContaining("unix:///nonexistent/docker.sock")
                .hasMessageContaining("dockerd");
    }

    private void awaitRunningContainer(String owner) throws InterruptedException {
        for (int i = 0; i < 300; i++) {
            if (containersOf(runtime(), owner).stream().anyMatch(c -> "running".equals(c.getState()))) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("container of " + owner + " never ran");
    }
}
