package io.gputraining.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gputraining.engine.LogSink;
import io.gputraining.engine.LogSink.OutputStreamKind;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalRuntimeRunTest {

    private final LocalRuntime runtime = new LocalRuntime(Duration.ofSeconds(2));
    private final RecordingSink sink = new RecordingSink();

    @AfterEach
    void closeRuntime() {
        runtime.close();
    }

    private static ContainerSpec.Builder shell(String script) {
        return ContainerSpec.builder("pytorch/pytorch:2.5.1-cuda12.4-cudnn9-runtime").command("/bin/sh", "-c", script);
    }

    private RunResult run(ContainerSpec.Builder spec) throws InterruptedException {
        return runtime.run(spec.build(), sink);
    }

    @Test
    void writesTheSpecsFilesBeforeTheCommandAndRemovesThemAfter() throws Exception {
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "gt-local-files-" + System.nanoTime());
        Path file = dir.resolve("sub/probe.sh");

        RunResult result = run(shell(file + " && test -x " + file)
                .file(new FileToCopy(file.toString(), "#!/bin/sh\necho from the file\n".getBytes(StandardCharsets.UTF_8), 0755)));

        assertThat(result.exitCode()).isZero();
        assertThat(sink.stdout()).isEqualTo("from the file\n");
        assertThat(dir).doesNotExist();
    }

    @Test
    void returnsTheExitCodeOfTheCommand() throws Exception {
        RunResult result = run(shell("exit 3"));

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.succeeded()).isFalse();
        assertThat(result.oomKilled()).isFalse();
    }

    @Test
    void reportsTheHostPidAsContainerIdAndTheDuration() throws Exception {
        RunResult result = run(shell("echo $$; sleep 0.3"));

        assertThat(result.succeeded()).isTrue();
        assertThat(result.containerId()).isEqualTo("local:" + sink.stdout().strip());
        assertThat(result.duration()).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void addsTheSpecEnvironmentToTheHostEnvironment() throws Exception {
        run(shell("printf '%s|%s' \"$TRAIN_EPOCHS\" \"$PATH\"").env("TRAIN_EPOCHS", "7"));

        assertThat(sink.stdout()).isEqualTo("7|" + System.getenv("PATH"));
    }

    @Test
    void runsInTheSpecWorkingDirectory(@TempDir Path dir) throws Exception {
        run(shell("pwd -P").workingDir(dir.toString()));

        assertThat(sink.stdout().strip()).isEqualTo(dir.toRealPath().toString());
    }

    @Test
    void runsInTheJvmWorkingDirectoryWhenTheSpecHasNone() throws Exception {
        run(shell("pwd -P"));

        assertThat(sink.stdout().strip()).isEqualTo(Path.of("").toRealPath().toString());
    }

    @Test
    void streamsStdoutAndStderrInTheOrderTheyWereWritten() throws Exception {
        run(shell("printf 'out 1\\n'; sleep 0.2; printf 'err 1\\n' >&2; sleep 0.2; "
                + "printf 'out 2\\n'; sleep 0.2; printf 'err 2\\n' >&2"));

        assertThat(sink.chunks()).containsExactly(
                new RecordingSink.Chunk(OutputStreamKind.STDOUT, "out 1\n"),
                new RecordingSink.Chunk(OutputStreamKind.STDERR, "err 1\n"),
                new RecordingSink.Chunk(OutputStreamKind.STDOUT, "out 2\n"),
                new RecordingSink.Chunk(OutputStreamKind.STDERR, "err 2\n"));
    }

    @Test
    void deliversAllOutputBeforeReturning() throws Exception {
        run(shell("head -c 3000000 /dev/zero | tr '\\0' 'x'; printf 'end' >&2"));

        assertThat(sink.stdout()).hasSize(3_000_000).matches("x+");
        assertThat(sink.text(OutputStreamKind.STDERR)).isEqualTo("end");
    }

    @Test
    void hidesAllGpusWhenNoneAreRequested() throws Exception {
        run(shell("printf '[%s]' \"${CUDA_VISIBLE_DEVICES-unset}\"").gpus(GpuRequest.none()));

        assertThat(sink.stdout()).isEqualTo("[]");
    }

    @Test
    void showsExactlyTheRequestedGpuIds() throws Exception {
        run(shell("printf '[%s]' \"${CUDA_VISIBLE_DEVICES-unset}\"").gpus(GpuRequest.parse("0,2")));

        assertThat(sink.stdout()).isEqualTo("[0,2]");
    }

    @Test
    void leavesGpuVisibilityAsTheHostHasItWhenAllAreRequested() throws Exception {
        run(shell("printf '[%s]' \"${CUDA_VISIBLE_DEVICES-unset}\"").gpus(GpuRequest.all()));

        String host = System.getenv("CUDA_VISIBLE_DEVICES");
        assertThat(sink.stdout()).isEqualTo("[" + (host == null ? "unset" : host) + "]");
    }

    @Test
    void gpuRequestWinsOverCudaVisibleDevicesInTheSpecEnvironment() throws Exception {
        run(shell("printf '[%s]' \"$CUDA_VISIBLE_DEVICES\"")
                .env("CUDA_VISIBLE_DEVICES", "0,1,2,3").gpus(GpuRequest.parse("device=GPU-5f3c")));

        assertThat(sink.stdout()).isEqualTo("[GPU-5f3c]");
    }

    @Test
    void refusesAGpuCountBecauseOnlyALeaseKnowsWhichGpusAreFree() {
        assertThatThrownBy(() -> run(shell("echo started").gpus(GpuRequest.count(2))))
                .isInstanceOf(LocalSettingRefusedException.class)
                .hasMessageContaining("'2'").hasMessageContaining("GpuAllocator");
        assertThat(sink.chunks()).isEmpty();
    }

    @Test
    void refusesAnotherUser() {
        LocalUser me = LocalUser.current();
        String other = (me.uid() + 4242) + ":" + (me.gid() + 4242);

        assertThatThrownBy(() -> run(shell("echo started").user(other)))
                .isInstanceOf(LocalSettingRefusedException.class)
                .hasMessageContaining("'" + other + "'").hasMessageContaining(me.userName());
        assertThat(sink.chunks()).isEmpty();
    }

    @Test
    void acceptsTheAgentsOwnUserByIdOrName() throws Exception {
        LocalUser me = LocalUser.current();

        run(shell("id -u").user(me.uid() + ":" + me.gid()));
        run(shell("id -u").user(me.userName()));

        assertThat(sink.stdout()).isEqualTo(me.uid() + "\n" + me.uid() + "\n");
    }

    @Test
    void refusesASpecWithoutCommand() {
        assertThatThrownBy(() -> runtime.run(ContainerSpec.builder("ubuntu").build(), sink))
                .isInstanceOf(LocalSettingRefusedException.class).hasMessageContaining("no command");
    }

    @Test
    void reportsAProgramThatIsNotInstalledHere() {
        assertThatThrownBy(() -> runtime.run(ContainerSpec.builder("ubuntu").command("no-such-program-here").build(), sink))
                .isInstanceOf(LocalProcessException.class).hasMessageContaining("'no-such-program-here'");
    }

    @Test
    void namesTheSettingsItCannotApplyInOneMessage() throws Exception {
        run(shell("true").mount(new Mount("/data/imagenet", "/data", true)).shmSizeBytes(8L << 30)
                .memoryBytes(1L << 30).mount(Mount.samePath("/tmp")));

        assertThat(sink.messages()).hasSize(1);
        assertThat(sink.messages().get(0)).contains("/data/imagenet -> /data (read-only)", "shm size 8589934592",
                "memory limit 1073741824").doesNotContain("/tmp", "ulimits", "network");
    }

    @Test
    void saysNothingAboutSettingsLeftAtTheirDefaults() throws Exception {
        run(shell("true").mount(Mount.samePath("/tmp")).networkMode("host"));

        assertThat(sink.messages()).isEmpty();
    }

    @Test
    void reportsASinkFailureAfterTheCommandRanToTheEnd(@TempDir Path dir) {
        LogSink failing = new LogSink() {
            @Override public void message(String line) { }
            @Override public void output(OutputStreamKind stream, byte[] data, int offset, int length) {
                throw new IllegalStateException("log closed");
            }
        };
        Path marker = dir.resolve("done");
        ContainerSpec spec = shell("head -c 2000000 /dev/zero; touch " + marker).build();

        assertThatThrownBy(() -> runtime.run(spec, failing))
                .isInstanceOf(LocalProcessException.class).hasMessageContaining("log closed");
        assertThat(marker).exists();
    }

    @Test
    void describesItselfAsRunningWithoutContainer() {
        assertThat(runtime.describe()).isEqualTo("local (no container): host " + Owner.hostName());
    }

    @Test
    void refusesToRunAfterClose() {
        runtime.close();

        assertThatThrownBy(() -> run(shell("true"))).isInstanceOf(IllegalStateException.class);
    }
}
