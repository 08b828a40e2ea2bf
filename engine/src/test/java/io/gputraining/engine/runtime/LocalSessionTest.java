package io.gputraining.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalSessionTest {

    private final LocalRuntime runtime = new LocalRuntime(Duration.ofSeconds(2));
    private final RecordingSink sink = new RecordingSink();

    @TempDir
    Path workspace;

    @AfterEach
    void closeRuntime() {
        runtime.close();
    }

    private ContainerSession start(ContainerSpec.Builder spec) throws InterruptedException {
        return runtime.start(spec.workingDir(workspace.toString()).build(), sink);
    }

    private static ContainerSpec.Builder spec() {
        return ContainerSpec.builder("pytorch/pytorch").command("sleep", "infinity");
    }

    private static ExecSpec sh(String script) {
        return ExecSpec.of("/bin/sh", "-c", script);
    }

    @Test
    void execReturnsEachCommandsExitCode() throws Exception {
        try (ContainerSession session = start(spec())) {
            assertThat(session.exec(sh("exit 0"), sink)).isZero();
            assertThat(session.exec(sh("exit 42"), sink)).isEqualTo(42);
        }
    }

    @Test
    void execGetsTheSessionEnvironmentWithTheExecEnvironmentOnTop() throws Exception {
        try (ContainerSession session = start(spec().env("MODEL", "resnet").env("EPOCHS", "1"))) {
            ExecSpec exec = new ExecSpec(List.of("/bin/sh", "-c", "printf '%s %s' \"$MODEL\" \"$EPOCHS\""),
                    Map.of("EPOCHS", "90"), null, null);

            session.exec(exec, sink);
        }

        assertThat(sink.stdout()).isEqualTo("resnet 90");
    }

    @Test
    void execRunsInTheSessionDirectoryOrItsOwn() throws Exception {
        Files.createDirectory(workspace.resolve("runs"));
        try (ContainerSession session = start(spec())) {
            session.exec(sh("pwd -P"), sink);
            session.exec(new ExecSpec(List.of("pwd", "-P"), Map.of(), "runs", null), sink);
        }

        Path real = workspace.toRealPath();
        assertThat(sink.stdout()).isEqualTo(real + "\n" + real.resolve("runs") + "\n");
    }

    @Test
    void startRefusesAGpuCount() {
        assertThatThrownBy(() -> start(spec().gpus(GpuRequest.count(1))))
                .isInstanceOf(LocalSettingRefusedException.class).hasMessageContaining("GpuAllocator");
    }

    @Test
    void execEnvironmentCannotShowGpusTheSessionDidNotGet() throws Exception {
        try (ContainerSession session = start(spec().gpus(GpuRequest.parse("device=3")))) {
            session.exec(new ExecSpec(List.of("/bin/sh", "-c", "printf '[%s]' \"$CUDA_VISIBLE_DEVICES\""),
                    Map.of("CUDA_VISIBLE_DEVICES", "0,1,2,3"), null, null), sink);
        }

        assertThat(sink.stdout()).isEqualTo("[3]");
    }

    @Test
    void execRefusesAnotherUser() throws Exception {
        LocalUser me = LocalUser.current();
        try (ContainerSession session = start(spec())) {
            ExecSpec asOther = new ExecSpec(List.of("true"), Map.of(), null, String.valueOf(me.uid() + 4242));

            assertThatThrownBy(() -> session.exec(asOther, sink)).isInstanceOf(LocalSettingRefusedException.class);
        }
    }

    @Test
    void startRefusesAnotherUserBeforeAnyExec() {
        LocalUser me = LocalUser.current();

        assertThatThrownBy(() -> start(spec().user((me.uid() + 4242) + ":" + me.gid())))
                .isInstanceOf(LocalSettingRefusedException.class);
    }

    @Test
    void sessionIdsAreDistinctHostMarkers() throws Exception {
        try (ContainerSession a = start(spec()); ContainerSession b = start(spec())) {
            assertThat(a.id()).startsWith("local:" + Owner.hostName() + "/");
            assertThat(a.id()).isNotEqualTo(b.id());
        }
    }

    @Test
    void copyOutCopiesAFileKeepingItsName(@TempDir Path target) throws Exception {
        byte[] weights = {0, 1, 2, (byte) 0xff};
        Files.write(workspace.resolve("model.pt"), weights);
        try (ContainerSession session = start(spec())) {
            session.copyOut("model.pt", target.resolve("artifacts"));
        }

        assertThat(target.resolve("artifacts/model.pt")).hasBinaryContent(weights);
    }

    @Test
    void copyOutCopiesADirectoryTreeWithLinksAsLinks(@TempDir Path target) throws Exception {
        Path out = Files.createDirectories(workspace.resolve("out/checkpoints"));
        Files.writeString(out.resolve("epoch-1.pt"), "one");
        Files.writeString(workspace.resolve("out/metrics.json"), "{\"loss\":0.5}");
        Files.createSymbolicLink(out.resolve("latest.pt"), Path.of("epoch-1.pt"));
        try (ContainerSession session = start(spec())) {
            session.copyOut(workspace.resolve("out").toString(), target);
        }

        assertThat(target.resolve("out/checkpoints/epoch-1.pt")).hasContent("one");
        assertThat(target.resolve("out/metrics.json")).hasContent("{\"loss\":0.5}");
        assertThat(Files.readSymbolicLink(target.resolve("out/checkpoints/latest.pt"))).isEqualTo(Path.of("epoch-1.pt"));
    }

    @Test
    void copyOutOfAMissingPathSaysWhatIsMissing(@TempDir Path target) throws Exception {
        try (ContainerSession session = start(spec())) {
            assertThatThrownBy(() -> session.copyOut("no-such-dir", target))
                    .isInstanceOf(LocalCopyException.class)
                    .hasMessageContaining(workspace.resolve("no-such-dir").toString())
                    .hasMessageContaining("does not exist");
        }
    }

    @Test
    void copyOutRefusesATargetInsideTheSource() throws Exception {
        Files.createDirectory(workspace.resolve("out"));
        try (ContainerSession session = start(spec())) {
            assertThatThrownBy(() -> session.copyOut("out", workspace.resolve("out/copy")))
                    .isInstanceOf(LocalCopyException.class).hasMessageContaining("inside the source");
        }
    }

    @Test
    void closeEndsARunningExecAndItsChildren() throws Exception {
        ContainerSession session = start(spec());
        ProcessWatch.Call<Integer> call = new ProcessWatch.Call<>("exec",
                () -> session.exec(sh("echo $$; sleep 60 & echo $!; wait"), sink));
        List<ProcessHandle> tree = ProcessWatch.handles(sink.awaitStdoutLines(2, 10_000));

        session.close();
        call.awaitEnd(10_000);

        assertThat(call.failure()).isNull();
        assertThat(call.result()).isEqualTo(128 + 15);
        assertThat(ProcessWatch.stillAlive(tree, 2000)).isEmpty();
    }

    @Test
    void interruptOfAnExecEndsItsProcessTree() throws Exception {
        try (ContainerSession session = start(spec())) {
            ProcessWatch.Call<Integer> call = new ProcessWatch.Call<>("exec",
                    () -> session.exec(sh("echo $$; sh -c 'sleep 60 & echo $!; wait' & wait"), sink));
            List<ProcessHandle> tree = ProcessWatch.handles(sink.awaitStdoutLines(2, 10_000));

            call.interrupt();
            call.awaitEnd(10_000);

            assertThat(call.failure()).isInstanceOf(InterruptedException.class);
            assertThat(ProcessWatch.stillAlive(tree, 2000)).isEmpty();
        }
    }

    @Test
    void aClosedSessionRunsNothing() throws Exception {
        ContainerSession session = start(spec());
        session.close();
        session.close();

        assertThatThrownBy(() -> session.exec(sh("true"), sink)).isInstanceOf(IllegalStateException.class);
    }
}
