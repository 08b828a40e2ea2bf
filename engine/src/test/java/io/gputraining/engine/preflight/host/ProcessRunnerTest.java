package io.gputraining.engine.preflight.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessRunnerTest {

    @TempDir
    Path dir;

    private final ProcessRunner runner = new ProcessRunner();

    @Test
    void collectsBothStreamsAndTheExitStatus() throws Exception {
        CommandResult result = runner.run(List.of("/bin/sh", "-c", "echo out; echo err >&2; exit 3"),
                Duration.ofSeconds(10));

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.succeeded()).isFalse();
        assertThat(result.stdout()).isEqualTo("out\n");
        assertThat(result.stderr()).isEqualTo("err\n");
    }

    @Test
    void largeOutputOnBothStreamsDoesNotBlockTheCommand() throws Exception {
        CommandResult result = runner.run(List.of("/bin/sh", "-c",
                "head -c 1000000 /dev/zero | tr '\\0' a; head -c 1000000 /dev/zero | tr '\\0' b >&2"),
                Duration.ofSeconds(20));

        assertThat(result.stdout()).hasSize(1_000_000);
        assertThat(result.stderr()).hasSize(1_000_000);
    }

    @Test
    void commandThatOutlivesTheTimeoutIsKilledWithWhatItStarted() throws Exception {
        Path pid = dir.resolve("child.pid");

        assertThatThrownBy(() -> runner.run(sleepingChild(pid), Duration.ofMillis(1500)))
                .isInstanceOf(CommandTimeoutException.class)
                .hasMessageContaining("did not finish within 1 s and was killed");
        assertGone(pid);
    }

    @Test
    void interruptKillsTheCommandWithWhatItStarted() throws Exception {
        Path pid = dir.resolve("child.pid");
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                runner.run(sleepingChild(pid), Duration.ofSeconds(60));
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        caller.start();
        awaitFile(pid);

        caller.interrupt();
        caller.join(10_000);

        assertThat(caller.isAlive()).isFalse();
        assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
        assertGone(pid);
    }

    @Test
    void missingExecutableCannotStart() {
        assertThatThrownBy(() -> runner.run(List.of(dir.resolve("absent").toString()), Duration.ofSeconds(5)))
                .isInstanceOf(IOException.class);
    }

    /** A shell that starts a long sleep as its child, writes the child's pid, and waits for it. */
    private static List<String> sleepingChild(Path pidFile) {
        return List.of("/bin/sh", "-c", "sleep 120 & echo $! > '" + pidFile + "'; wait");
    }

    static void awaitFile(Path file) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!(Files.exists(file) && !Files.readString(file).isBlank())) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(file + " never appeared");
            }
            Thread.sleep(20);
        }
    }

    /** The process whose pid the file holds is no longer running: ended, or killed and not yet reaped. */
    static void assertGone(Path pidFile) throws IOException, InterruptedException {
        long pid = Long.parseLong(Files.readString(pidFile).strip());
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (running(pid) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(running(pid)).as("process %d still running", pid).isFalse();
    }

    private static boolean running(long pid) throws IOException {
        // A killed grandchild is re-parented to init, which reaps it when it gets to it; until then it is a
        // zombie, which ProcessHandle still calls alive although it no longer runs.
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        if (!Files.exists(stat)) {
            return false;
        }
        String fields = Files.readString(stat);
        return fields.charAt(fields.lastIndexOf(')') + 2) != 'Z';
    }
}
