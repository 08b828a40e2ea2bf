package io.gputraining.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalRuntimeCleanupTest {

    private static final Duration GRACE = Duration.ofMillis(1500);

    private final LocalRuntime runtime = new LocalRuntime(GRACE);
    private final RecordingSink sink = new RecordingSink();

    @AfterEach
    void closeRuntime() {
        runtime.close();
    }

    private ProcessWatch.Call<RunResult> runInBackground(String script) {
        ContainerSpec spec = ContainerSpec.builder("ubuntu").command("/bin/sh", "-c", script).build();
        return new ProcessWatch.Call<>("run", () -> runtime.run(spec, sink));
    }

    @Test
    void interruptEndsTheCommandItsChildrenAndGrandchildren() throws Exception {
        ProcessWatch.Call<RunResult> call = runInBackground(
                "echo $$; sleep 60 & echo $!; sh -c 'sleep 60 & echo $!; wait' & echo $!; wait");
        List<ProcessHandle> tree = ProcessWatch.handles(sink.awaitStdoutLines(4, 10_000));

        call.interrupt();
        call.awaitEnd(10_000);

        assertThat(call.failure()).isInstanceOf(InterruptedException.class);
        assertThat(ProcessWatch.stillAlive(tree, 2000)).isEmpty();
        // sleep and sh end on SIGTERM: no SIGKILL needed.
        assertThat(sink.messages()).isEmpty();
    }

    @Test
    void interruptKillsProcessesThatIgnoreSigtermAfterTheGracePeriod() throws Exception {
        ProcessWatch.Call<RunResult> call = runInBackground("trap '' TERM; echo $$; sleep 60 & echo $!; wait");
        List<ProcessHandle> tree = ProcessWatch.handles(sink.awaitStdoutLines(2, 10_000));

        long start = System.nanoTime();
        call.interrupt();
        call.awaitEnd(10_000);

        assertThat(call.failure()).isInstanceOf(InterruptedException.class);
        assertThat(ProcessWatch.stillAlive(tree, 2000)).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(GRACE);
        assertThat(sink.messages()).singleElement().asString()
                .contains("did not end within 1500 ms of SIGTERM; sending SIGKILL", "sleep 60");
    }

    @Test
    void endsWhatTheCommandLeftRunningWhenItExits() throws Exception {
        ProcessWatch.Call<RunResult> call = runInBackground("sleep 60 & echo $!; sleep 1.5");
        List<ProcessHandle> background = ProcessWatch.handles(sink.awaitStdoutLines(1, 10_000));

        call.awaitEnd(10_000);

        assertThat(call.result().exitCode()).isZero();
        assertThat(ProcessWatch.stillAlive(background, 2000)).isEmpty();
    }

    @Test
    void closingTheRuntimeEndsARunningCommand() throws Exception {
        ProcessWatch.Call<RunResult> call = runInBackground("echo $$; exec sleep 60");
        List<ProcessHandle> main = ProcessWatch.handles(sink.awaitStdoutLines(1, 10_000));

        runtime.close();
        call.awaitEnd(10_000);

        assertThat(call.failure()).isNull();
        assertThat(call.result().exitCode()).isEqualTo(128 + 15);
        assertThat(ProcessWatch.stillAlive(main, 2000)).isEmpty();
    }

    @Test
    void aPendingInterruptStopsTheCommandBeforeItDoesAnything(@TempDir Path dir) throws Exception {
        Path marker = dir.resolve("ran");
        ContainerSpec spec = ContainerSpec.builder("ubuntu").command("/bin/sh", "-c", "sleep 1; touch " + marker).build();

        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> runtime.run(spec, sink)).isInstanceOf(InterruptedException.class);
        } finally {
            Thread.interrupted();
        }

        Thread.sleep(1500);
        assertThat(marker).doesNotExist();
    }
}
