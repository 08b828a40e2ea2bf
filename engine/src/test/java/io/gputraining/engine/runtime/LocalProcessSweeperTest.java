package io.gputraining.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What a JVM killed outright leaves of the local runtime's processes: nothing, once the sweeper ran. */
@Timeout(60)
class LocalProcessSweeperTest {

    @TempDir
    Path tmp;

    private LocalProcessLedger ledger() {
        return new LocalProcessLedger(tmp.resolve("gpu-training-processes"));
    }

    @Test
    void sigkillLeavesTheCommandRunningUntilTheSweeperEndsItAndWhatItStarted() throws Exception {
        Process jvm = LocalRuntimeOnJvmExitTest.startHolder(tmp, "echo $$; sleep 120 & echo $!; wait");
        List<ProcessHandle> tree = ProcessWatch.handles(LocalRuntimeOnJvmExitTest.firstLines(jvm, 2));

        jvm.destroyForcibly(); // SIGKILL: no hook runs
        assertThat(jvm.waitFor(30, TimeUnit.SECONDS)).isTrue();
        try {
            assertThat(ProcessWatch.stillAlive(tree, 500)).as("a killed JVM's processes run on").hasSize(2);

            List<String> ended = new LocalProcessSweeper(ledger(), Duration.ofSeconds(2)).sweepOrphans();

            assertThat(ended).singleElement().asString().startsWith(tree.get(0).pid() + " (/bin/sh -c echo");
            assertThat(ProcessWatch.stillAlive(tree, 2000)).isEmpty();
            assertThat(notes()).as("the note is dropped with its process").isEmpty();
        } finally {
            tree.forEach(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void aLiveJvmsProcessIsLeftAlone() throws Exception {
        Process jvm = LocalRuntimeOnJvmExitTest.startHolder(tmp, "echo $$; exec sleep 120");
        try {
            List<ProcessHandle> main = ProcessWatch.handles(LocalRuntimeOnJvmExitTest.firstLines(jvm, 1));

            assertThat(new LocalProcessSweeper(ledger(), Duration.ofSeconds(2)).sweepOrphans()).isEmpty();

            assertThat(main.get(0).isAlive()).isTrue();
            assertThat(notes()).hasSize(1);
        } finally {
            jvm.destroy();
            jvm.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aProcessIsNotedWhileItRunsAndForgottenWhenItEnds() throws Exception {
        try (LocalRuntime runtime = new LocalRuntime(Duration.ofSeconds(2), ledger())) {
            RecordingSink sink = new RecordingSink();
            ProcessWatch.Call<RunResult> call = new ProcessWatch.Call<>("run", () -> runtime.run(
                    ContainerSpec.builder("local").command("/bin/sh", "-c", "echo $$; sleep 1").build(), sink));
            long pid = Long.parseLong(sink.awaitStdoutLines(1, 10_000).get(0).strip());

            List<LocalProcessLedger.Noted> noted = ledger().entries();
            assertThat(noted).singleElement().satisfies(n -> {
                assertThat(n.entry().process().pid()).isEqualTo(pid);
                assertThat(n.entry().owner()).isEqualTo(Owner.thisProcess());
                assertThat(n.entry().command()).isEqualTo("/bin/sh -c echo $$; sleep 1");
            });
            call.awaitEnd(10_000);
            assertThat(call.result().exitCode()).isZero();
            assertThat(notes()).isEmpty();
        }
    }

    @Test
    void aNoteNeverGetsAnotherUsersProcessEnded() throws Exception {
        // A note planted by this user (root in CI) naming a process of another user, "owned" by a JVM long gone.
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "needs root to start a process as another user");
        Process other = new ProcessBuilder("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "sleep", "120").start();
        try {
            ProcessHandle victim = other.toHandle();
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (!victim.info().user().filter(u -> !u.equals("root")).isPresent() && System.nanoTime() < deadline) {
                Thread.sleep(20); // setpriv drops to nobody, then execs sleep
            }
            Owner goneJvm = new Owner(Owner.thisProcess().host(), Long.MAX_VALUE - 1, 0);
            LocalProcessLedger.Entry planted = new LocalProcessLedger.Entry(Owner.of(victim), goneJvm, "sleep 120");
            Path dir = Files.createDirectories(tmp.resolve("gpu-training-processes"));
            Files.writeString(dir.resolve(victim.pid() + "-planted.process"), planted.toText());

            List<String> ended = new LocalProcessSweeper(ledger(), Duration.ofSeconds(2)).sweepOrphans();

            assertThat(ended).isEmpty();
            assertThat(victim.isAlive()).as("another user's process survives a note naming it").isTrue();
        } finally {
            other.destroyForcibly();
        }
    }

    private List<Path> notes() throws Exception {
        Path dir = tmp.resolve("gpu-training-processes");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".process")).toList();
        }
    }
}
