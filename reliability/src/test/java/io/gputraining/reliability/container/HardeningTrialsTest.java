package io.gputraining.reliability.container;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.HostConfig;
import io.gputraining.engine.LogSink;
import io.gputraining.engine.docker.DockerTestSupport;
import io.gputraining.engine.runtime.ContainerSession;
import io.gputraining.engine.runtime.ContainerSpec;
import io.gputraining.engine.runtime.HostUser;
import io.gputraining.engine.runtime.Mount;
import io.gputraining.engine.testing.TestEnvironment;
import io.gputraining.reliability.Figures;
import io.gputraining.reliability.Trials;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code docker inspect} of the containers the engine starts, taken while they run: the training's and
 * {@code run}'s one-shot containers (through the CLI), the preflight's probe, and a long-lived session. Each
 * must be unprivileged with {@code no-new-privileges}, add no capability, share no host PID or IPC namespace,
 * have no network, no device and no port, run as the caller's uid:gid, and mount exactly what was asked.
 */
class HardeningTrialsTest {

    @RegisterExtension
    static final OurDaemon DAEMON = new OurDaemon();
    private final Figures figures = Figures.of("hardening");

    @TempDir
    Path dir;

    @Test
    void theTrainingContainerIsHardened() throws Exception {
        for (int trial = 0; trial < Trials.count(1, 3); trial++) {
            Path ws = workspace("train-" + trial);
            inspectWhileTheCliRuns("one-shot: train", ws, Set.of(ws.toString()), true, List.of("train", "--image",
                    TestEnvironment.torchImage(), "--gpus", "none", "--no-preflight", "--model", "hardening", "--registry",
                    "local:" + dir.resolve("registry-" + trial), "--workspace", ws.toString(), "--", "python3", "-c",
                    "import time; time.sleep(4)"));
        }
    }

    @Test
    void theRunCommandsContainerIsHardened() throws Exception {
        for (int trial = 0; trial < Trials.count(1, 3); trial++) {
            Path ws = workspace("run-" + trial);
            inspectWhileTheCliRuns("one-shot: run", ws, Set.of(ws.toString()), true, List.of("run", "--image",
                    TestEnvironment.smallImage(), "--gpus", "none", "--workspace", ws.toString(), "--", "sleep", "4"));
        }
    }

    @Test
    void thePreflightProbeContainerIsHardened() throws Exception {
        for (int trial = 0; trial < Trials.count(1, 3); trial++) {
            inspectWhileTheCliRuns("one-shot: preflight probe", workspace("health-" + trial), Set.of(), false,
                    List.of("health", "--image", TestEnvironment.torchImage(), "--gpus", "none"));
        }
    }

    @Test
    void aSessionContainerIsHardened() throws Exception {
        for (int trial = 0; trial < Trials.count(1, 3); trial++) {
            Path ws = workspace("session-" + trial);
            Path tmp = workspace("session-tmp-" + trial);
            String owner = DockerTestSupport.uniqueOwner();
            // As withPytorchCuda starts it: workspace and the build's temp directory, the caller's user.
            ContainerSpec spec = ContainerSpec.builder(TestEnvironment.smallImage()).command("sleep", "infinity")
                    .mount(Mount.samePath(ws.toString())).mount(Mount.samePath(tmp.toString())).workingDir(ws.toString())
                    .user(HostUser.current()).owner(owner).build();
            try (ContainerSession session = DAEMON.runtime().start(spec, LogSink.discarding())) {
                InspectContainerResponse inspect = DAEMON.runtime().client().inspectContainerCmd(session.id()).exec();
                List<String> problems = problemsOf(inspect, Set.of(ws.toString(), tmp.toString()), true);
                figures.judge("session", problems, summary(inspect));
                assertThat(problems).isEmpty();
            }
            assertThat(DAEMON.containers().ofOwner(owner)).isEmpty();
        }
    }

    private void inspectWhileTheCliRuns(String scenario, Path ws, Set<String> mounts, boolean callersUser, List<String> args)
            throws Exception {
        ChildCli.Running cli = ChildCli.in(dir.resolve("cli")).start(args);
        Optional<InspectContainerResponse> inspect = DAEMON.containers().awaitRunningOfProcess(cli.pid(), 60_000);
        ChildCli.Result result = cli.await(120);
        List<String> problems = inspect.map(i -> problemsOf(i, mounts, callersUser))
                .orElse(List.of("no running container of the CLI was seen; it exited " + result.exitCode() + ": "
                        + ContainerFaultTrialsTest.lastLine(result.stderr())));
        figures.judge(scenario, problems, inspect.map(HardeningTrialsTest::summary).orElse(""));
        assertThat(problems).isEmpty();
        assertThat(DAEMON.containers().ofProcess(cli.pid())).isEmpty();
    }

    private static List<String> problemsOf(InspectContainerResponse inspect, Set<String> mounts, boolean callersUser) {
        HostConfig host = inspect.getHostConfig();
        List<String> problems = new ArrayList<>();
        if (!Boolean.FALSE.equals(host.getPrivileged())) {
            problems.add("Privileged " + host.getPrivileged());
        }
        if (host.getSecurityOpts() == null || !host.getSecurityOpts().contains("no-new-privileges")) {
            problems.add("SecurityOpt " + host.getSecurityOpts());
        }
        if (host.getCapAdd() != null && host.getCapAdd().length > 0) {
            problems.add("CapAdd " + Arrays.toString(host.getCapAdd()));
        }
        if (!"none".equals(host.getNetworkMode())) {
            problems.add("NetworkMode " + host.getNetworkMode());
        }
        if ("host".equals(host.getPidMode()) || "host".equals(host.getIpcMode())
                || "host".equals(host.getUsernsMode())) {
            problems.add("a host namespace: pid " + host.getPidMode() + ", ipc " + host.getIpcMode());
        }
        if (host.getDevices() != null && host.getDevices().length > 0) {
            problems.add("Devices " + Arrays.toString(host.getDevices()));
        }
        if (host.getPortBindings() != null && !host.getPortBindings().getBindings().isEmpty()) {
            problems.add("PortBindings " + host.getPortBindings().getBindings());
        }
        Set<String> mounted = inspect.getMounts() == null ? Set.of() : inspect.getMounts().stream()
                .map(m -> m.getSource() + " -> " + m.getDestination().getPath()).collect(Collectors.toCollection(TreeSet::new));
        Set<String> asked = mounts.stream().map(p -> p + " -> " + p).collect(Collectors.toCollection(TreeSet::new));
        if (!mounted.equals(asked)) {
            problems.add("Mounts " + mounted + " instead of " + asked);
        }
        if (callersUser && !HostUser.current().equals(inspect.getConfig().getUser())) {
            problems.add("User '" + inspect.getConfig().getUser() + "' instead of " + HostUser.current());
        }
        return problems;
    }

    private static String summary(InspectContainerResponse inspect) {
        HostConfig host = inspect.getHostConfig();
        return "privileged " + host.getPrivileged() + ", " + host.getSecurityOpts() + ", network " + host.getNetworkMode()
                + ", capAdd " + (host.getCapAdd() == null ? "none" : Arrays.toString(host.getCapAdd())) + ", mounts "
                + (inspect.getMounts() == null ? 0 : inspect.getMounts().size()) + ", user '" + inspect.getConfig().getUser() + "'";
    }

    private Path workspace(String name) throws java.io.IOException {
        return OurDaemon.workspace(dir, name);
    }
}
