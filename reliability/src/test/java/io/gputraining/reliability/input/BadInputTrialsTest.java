package io.gputraining.reliability.input;

import static org.assertj.core.api.Assertions.assertThat;

import io.gputraining.engine.EngineException;
import io.gputraining.engine.preflight.host.NvidiaSmiStandIn;
import io.gputraining.engine.runtime.GpuRequest;
import io.gputraining.reliability.Figures;
import io.gputraining.reliability.container.ChildCli;
import io.gputraining.reliability.container.OurDaemon;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input through the real CLI in a child JVM, one case per trial row. Invariants: the exit code says which
 * kind of failure it is, stderr says what is wrong (and what to do) in one sentence without a stack trace, and
 * nothing changed: the workspace (but for what a script that ran wrote in its run directory), the local
 * registry directory, the model's OCI tags and MLflow entry; no container of the CLI is left.
 */
class BadInputTrialsTest {

    @RegisterExtension
    static final OurDaemon DAEMON = new OurDaemon();
    private final Figures figures = Figures.of("bad-input");
    private final RegistryState registries = new RegistryState();

    @TempDir
    Path dir;

    static List<BadInput> cases() {
        return BadInputCases.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void aBadInputGetsItsOwnErrorAndChangesNothing(BadInput input) throws Exception {
        BadInputFixture f = BadInputFixture.in(dir, NvidiaSmiStandIn.install(dir, NvidiaSmiStandIn.H200X2, "query-gpu.csv",
                "compute-apps-idle.csv"));
        World before = World.of(f, registries, input.afterTraining());

        ChildCli.Result r = ChildCli.in(dir.resolve("cli")).withEnv(input.env().apply(f)).run(input.args().apply(f), 120);

        List<String> problems = new ArrayList<>();
        String stderr = r.stderr();
        if (r.exitCode() != input.exitCode()) {
            problems.add("exit " + r.exitCode() + " instead of " + input.exitCode());
        }
        for (String fragment : input.says()) {
            if (!stderr.contains(fragment)) {
                problems.add("stderr does not say '" + fragment + "'");
            }
        }
        if (stderr.contains("\tat ")) {
            problems.add("a stack trace was printed");
        }
        problems.addAll(World.of(f, registries, input.afterTraining()).changesSince(before));
        if (!DAEMON.containers().ofProcess(r.pid()).isEmpty()) {
            problems.add("container left");
            DAEMON.containers().removeAll(DAEMON.containers().ofProcess(r.pid()));
        }
        if (!problems.isEmpty()) {
            problems.add("stderr: " + stderr.strip());
        }
        figures.judge(input.name(), problems, "exit " + r.exitCode() + ": " + errorLine(stderr));
        assertThat(problems).isEmpty();
    }

    @Test
    void aGpuCountOfZeroIsRefusedByTheEngineApi() {
        List<String> problems = new ArrayList<>();
        String message = "";
        try {
            GpuRequest.count(0);
            problems.add("GpuRequest.count(0) was accepted");
        } catch (EngineException e) {
            message = e.getMessage();
            if (!message.contains("at least 1, was 0") || !message.contains("none")) {
                problems.add("message does not say what to do: " + message);
            }
        }
        figures.judge("GPU count 0 (engine API)", problems, message);
        assertThat(problems).isEmpty();
    }

    /** The CLI's own error line (engine messages and picocli's usage come after the training's output). */
    private static String errorLine(String stderr) {
        return stderr.lines().filter(l -> l.startsWith("gpu-training: ") || l.contains("Unknown option") || l.contains("Missing")
                || l.startsWith("Invalid") || l.startsWith("--") || l.contains("GPU preflight FAIL")).findFirst()
                .orElse(stderr.lines().filter(l -> !l.isBlank()).findFirst().orElse(""));
    }
}
