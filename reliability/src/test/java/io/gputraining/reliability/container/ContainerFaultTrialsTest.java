package io.gputraining.reliability.container;

import static org.assertj.core.api.Assertions.assertThat;

import io.gputraining.engine.docker.DockerImages;
import io.gputraining.engine.docker.DockerTestSupport;
import io.gputraining.engine.image.ImageRequest;
import io.gputraining.engine.image.ManifestDigestResolver;
import io.gputraining.engine.preflight.host.HostGpuProbe;
import io.gputraining.engine.registry.local.LocalModelRegistry;
import io.gputraining.engine.runtime.GpuRequest;
import io.gputraining.engine.runtime.HostUser;
import io.gputraining.engine.testing.RecordingSink;
import io.gputraining.engine.testing.TestEnvironment;
import io.gputraining.engine.train.TrainingFailedException;
import io.gputraining.engine.train.TrainingFlow;
import io.gputraining.engine.train.TrainingRequest;
import io.gputraining.reliability.Figures;
import io.gputraining.reliability.Trials;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A training container that fails the way real ones do: runs out of memory at its limit, exits non-zero, hangs,
 * floods the log. Invariants: the error names the cause (and the limit), nothing is registered, no container
 * is left, the workspace keeps only what the script wrote, and a flood neither reorders the output nor grows
 * the CLI's heap.
 */
class ContainerFaultTrialsTest {

    @RegisterExtension
    static final OurDaemon DAEMON = new OurDaemon();
    private final Figures figures = Figures.of("container-faults");

    @TempDir
    Path dir;

    @Test
    void allocatingPastTheMemoryLimitIsDiagnosedAsOutOfMemoryAtThatLimit() throws Exception {
        for (int trial = 0; trial < Trials.count(1, 5); trial++) {
            Path workspace = workspace("oom-" + trial);
            ChildCli.Result r = ChildCli.in(dir.resolve("cli")).run(train(workspace, "--memory", "96m", "--", "python3", "-c",
                    "chunks = []\nwhile True: chunks.append(b'\\x01' * (16 << 20))"), 120);

            List<String> problems = common(r, workspace, 202);
            expect(problems, r.stderr(), "out of memory", "memory limit of 96 MiB", "exit 137", "nothing was registered");
            figures.judge("OOM at --memory 96m", problems, "exit 202 in " + r.millis() + " ms: " + lastLine(r.stderr()));
            assertThat(problems).isEmpty();
        }
    }

    @Test
    void aScriptThatExitsNonZeroFailsTheRunWithItsCodeAndOutput() throws Exception {
        for (int trial = 0; trial < Trials.count(1, 5); trial++) {
            Path workspace = workspace("exit-" + trial);
            ChildCli.Result r = ChildCli.in(dir.resolve("cli")).run(train(workspace, "--", "python3", "-c",
                    "import sys; print('epoch 1', flush=True); print('loss diverged', file=sys.stderr); sys.exit(3)"), 120);

            List<String> problems = common(r, workspace, 202);
            expect(problems, r.stderr(), "exited with 3", "loss diverged", "nothing was registered");
            expect(problems, r.stdout(), "epoch 1");
            figures.judge("script exits 3", problems, "exit 202 in " + r.millis() + " ms: " + lastLine(r.stderr()));
            assertThat(problems).isEmpty();
        }
    }

    @Test
    void aHangingScriptIsEndedByTheTimeoutAndItsContainerRemoved() throws Exception {
        for (int trial = 0; trial < Trials.count(1, 5); trial++) {
            Path workspace = workspace("hang-" + trial);
            String owner = DockerTestSupport.uniqueOwner();
            // Ignores SIGTERM too: the timeout must not depend on the script's cooperation.
            TrainingRequest request = TrainingRequest.builder().image(ImageRequest.of(TestEnvironment.torchImage()))
                    .command(List.of("python3", "-c", "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN);"
                            + " print('started', flush=True); time.sleep(600)"))
                    .workspace(workspace.toString()).gpus(GpuRequest.none()).preflight(null).modelName("hang").owner(owner)
                    .user(HostUser.current()).gpuLockDirectory(dir.resolve("locks").toString()).gpuWait(Duration.ZERO)
                    .timeout(Duration.ofSeconds(3)).build();
            Path registry = dir.resolve("registry-hang-" + trial);
            RecordingSink log = new RecordingSink();
            long started = System.nanoTime();
            Throwable thrown = null;
            try {
                new TrainingFlow(DAEMON.runtime(), new DockerImages(DAEMON.runtime().client(), ManifestDigestResolver.withDefaults()),
                        HostGpuProbe.at(dir.resolve("no-nvidia-smi")), new LocalModelRegistry(registry)).run(request, log, p -> { });
            } catch (Exception e) {
                thrown = e;
            }
            long millis = (System.nanoTime() - started) / 1_000_000;

            List<String> problems = new ArrayList<>();
            if (!(thrown instanceof TrainingFailedException failed && failed.timedOut())) {
                problems.add("expected a timed-out TrainingFailedException, got " + thrown);
            } else {
                expect(problems, thrown.getMessage(), "timeout of 3 s", "container was removed", "nothing was registered");
            }
            if (millis > 20_000) {
                problems.add("took " + millis + " ms for a 3 s timeout");
            }
            if (!DAEMON.containers().ofOwner(owner).isEmpty()) {
                problems.add("container left: " + DAEMON.containers().ofOwner(owner).get(0).getId());
                DAEMON.containers().removeAll(DAEMON.containers().ofOwner(owner));
            }
            if (Files.exists(registry)) {
                problems.add("the registry directory was created");
            }
            if (!log.text(io.gputraining.engine.LogSink.OutputStreamKind.STDOUT).contains("started")) {
                problems.add("the script's output did not reach the log");
            }
            figures.judge("hang, 3 s timeout", problems, "stopped after " + millis + " ms: " + (thrown == null ? "" : thrown.getMessage()));
            assertThat(problems).isEmpty();
        }
    }

    @Test
    void aLogFloodFinishesInOrderWithinASmallHeap() throws Exception {
        int mib = Trials.isLong() ? 1024 : 256;
        for (int trial = 0; trial < Trials.count(1, 3); trial++) {
            Path workspace = workspace("flood-" + trial);
            int lines = mib * (1 << 20) / 100;
            // 100-byte lines, numbered, written in blocks; then a model file so the run registers.
            String script = "import os, sys\n"
                    + "n = " + lines + "\n"
                    + "pad = 'x' * 89\n"
                    + "for start in range(0, n, 10000):\n"
                    + "    sys.stdout.write(''.join('%09d %s\\n' % (i, pad) for i in range(start, min(n, start + 10000))))\n"
                    + "sys.stdout.flush()\n"
                    + "open(os.path.join(os.environ['GPU_TRAINING_OUTPUT_DIR'], 'model.pt'), 'wb').write(b'weights')\n";
            Files.writeString(workspace.resolve("flood.py"), script);
            ChildCli.Result r = ChildCli.in(dir.resolve("cli")).withMaxHeap("64m")
                    .run(train(workspace, "--artifacts", "model.pt", "--", "python3", "flood.py"), 300);

            List<String> problems = new ArrayList<>();
            if (r.exitCode() != 0) {
                problems.add("exit " + r.exitCode() + ": " + lastLine(r.stderr()));
            }
            problems.addAll(new NumberedLines(lines).problemsIn(r.stdoutFile()));
            if (!DAEMON.containers().ofProcess(r.pid()).isEmpty()) {
                problems.add("container left");
                DAEMON.containers().removeAll(DAEMON.containers().ofProcess(r.pid()));
            }
            figures.judge("log flood " + mib + " MiB, -Xmx64m", problems, lines + " lines in order, registered, in " + r.millis() + " ms");
            assertThat(problems).isEmpty();
        }
    }

    private List<String> train(Path workspace, String... rest) {
        List<String> args = new ArrayList<>(List.of("train", "--image", TestEnvironment.torchImage(), "--gpus", "none",
                "--no-preflight", "--model", "fault", "--registry", "local:" + workspace.resolveSibling(workspace.getFileName() + "-registry"),
                "--workspace", workspace.toString()));
        args.addAll(List.of(rest));
        return args;
    }

    /** What every failed run must keep: the exit code, no container, nothing registered, the workspace as it was. */
    private List<String> common(ChildCli.Result r, Path workspace, int exitCode) throws IOException {
        List<String> problems = new ArrayList<>();
        if (r.exitCode() != exitCode) {
            problems.add("exit " + r.exitCode() + " instead of " + exitCode + ": " + lastLine(r.stderr()));
        }
        if (r.stderr().contains("\tat ")) {
            problems.add("a stack trace was printed");
        }
        if (!DAEMON.containers().ofProcess(r.pid()).isEmpty()) {
            problems.add("container left");
            DAEMON.containers().removeAll(DAEMON.containers().ofProcess(r.pid()));
        }
        if (Files.exists(workspace.resolveSibling(workspace.getFileName() + "-registry"))) {
            problems.add("the registry directory was created");
        }
        try (Stream<Path> files = Files.walk(workspace)) {
            List<Path> left = files.filter(p -> !p.equals(workspace)).toList();
            if (!left.isEmpty()) {
                problems.add("the workspace gained " + left);
            }
        }
        return problems;
    }

    private static void expect(List<String> problems, String text, String... fragments) {
        for (String f : fragments) {
            if (!text.contains(f)) {
                problems.add("missing '" + f + "' in: " + lastLine(text));
            }
        }
    }

    static String lastLine(String text) {
        List<String> lines = text.lines().filter(l -> !l.isBlank()).toList();
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }

    private Path workspace(String name) throws java.io.IOException {
        return OurDaemon.workspace(dir, name);
    }
}
