package io.gputraining.engine.cdi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gputraining.engine.LogSink.OutputStreamKind;
import io.gputraining.engine.docker.ContainerFailedException;
import io.gputraining.engine.docker.DockerEndpoint;
import io.gputraining.engine.docker.DockerRuntime;
import io.gputraining.engine.docker.DockerTestSupport;
import io.gputraining.engine.docker.TestDaemon;
import io.gputraining.engine.runtime.ContainerSpec;
import io.gputraining.engine.runtime.GpuAccess;
import io.gputraining.engine.runtime.GpuRequest;
import io.gputraining.engine.runtime.RunResult;
import io.gputraining.engine.testing.RecordingSink;
import io.gputraining.engine.testing.TestEnvironment;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A GPU request becomes CDI devices on Podman, rootful and rootless, end to end: a spec of the test's own kind in
 * /etc/cdi, a runtime asking for that kind, and the device node and variables the spec injects seen inside.
 */
class CdiDevicesOnPodmanTest {

    @RegisterExtension
    static final TestDaemon ROOTFUL = TestDaemon.podmanRootful();
    @RegisterExtension
    static final TestDaemon ROOTLESS = TestDaemon.podmanRootless();

    private static TestCdiSpec spec;

    @BeforeAll
    static void writeSpec() throws Exception {
        spec = TestCdiSpec.write();
    }

    @AfterAll
    static void removeSpec() throws Exception {
        if (spec != null) {
            spec.close();
        }
    }

    static Stream<TestDaemon> daemons() {
        return Stream.of(ROOTFUL, ROOTLESS);
    }

    private static DockerRuntime runtimeFor(TestDaemon daemon) {
        return DockerRuntime.connect(new DockerEndpoint(daemon.host(), false, null), spec.kind());
    }

    private static final String SHOW = "for v in GT_CDI_SPEC GT_CDI_DEVICE_0 GT_CDI_DEVICE_1; do eval echo $v=\\${$v:-unset}; done;"
            + " if [ -c " + "$NODE" + " ]; then stat -c 'node %F %t:%T' $NODE; else echo 'no node'; fi";

    private static String run(DockerRuntime runtime, GpuRequest gpus) throws Exception {
        RecordingSink sink = new RecordingSink();
        RunResult result = runtime.run(ContainerSpec.builder(TestEnvironment.smallImage())
                .command("sh", "-c", "NODE=" + TestEnvironment.cdiTestDevice() + "; " + SHOW)
                .gpus(gpus).owner(DockerTestSupport.uniqueOwner()).build(), sink);
        assertThat(result.exitCode()).as(sink.text(OutputStreamKind.STDERR)).isZero();
        return sink.text(OutputStreamKind.STDOUT);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("daemons")
    void oneGpuByIndexIsThatCdiDeviceWithItsNodeAndVariable(TestDaemon daemon) throws Exception {
        try (DockerRuntime runtime = runtimeFor(daemon)) {
            assertThat(runtime.gpuAccess(GpuRequest.ids(List.of("0"))))
                    .isEqualTo(new GpuAccess(GpuAccess.Mode.CDI, List.of(spec.kind() + "=0")));

            String seen = run(runtime, GpuRequest.ids(List.of("0")));

            assertThat(seen).contains("GT_CDI_SPEC=" + spec.kind(), "GT_CDI_DEVICE_0=present", "GT_CDI_DEVICE_1=unset")
                    .contains("node character special file 1:3");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("daemons")
    void allGpusIsTheSpecsAllDevice(TestDaemon daemon) throws Exception {
        try (DockerRuntime runtime = runtimeFor(daemon)) {
            String seen = run(runtime, GpuRequest.all());

            assertThat(seen).contains("GT_CDI_DEVICE_0=present", "GT_CDI_DEVICE_1=present", "node character special file 1:3");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("daemons")
    void aDeviceOnlyVariableArrivesWithoutTheNodeOfAnother(TestDaemon daemon) throws Exception {
        try (DockerRuntime runtime = runtimeFor(daemon)) {
            String seen = run(runtime, GpuRequest.ids(List.of("1")));

            assertThat(seen).contains("GT_CDI_DEVICE_1=present", "GT_CDI_DEVICE_0=unset", "no node");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("daemons")
    void noGpusMeansNoCdiDevice(TestDaemon daemon) throws Exception {
        try (DockerRuntime runtime = runtimeFor(daemon)) {
            assertThat(runtime.gpuAccess(GpuRequest.none()).mode()).isEqualTo(GpuAccess.Mode.NONE);

            assertThat(run(runtime, GpuRequest.none())).contains("GT_CDI_SPEC=unset", "no node");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("daemons")
    void aDeviceTheSpecDoesNotListFailsWithTheFixAndLeavesNoContainer(TestDaemon daemon) throws Exception {
        String owner = DockerTestSupport.uniqueOwner();
        try (DockerRuntime runtime = runtimeFor(daemon)) {
            assertThatThrownBy(() -> runtime.run(ContainerSpec.builder(TestEnvironment.smallImage()).command("true")
                    .gpus(GpuRequest.ids(List.of("7"))).owner(owner).build(), new RecordingSink()))
                    .isInstanceOf(ContainerFailedException.class)
                    .hasMessageContaining("unresolvable CDI devices " + spec.kind() + "=7")
                    .hasMessageContaining("nvidia-ctk cdi generate");
            assertThat(DockerTestSupport.containersOf(runtime, owner)).isEmpty();
        }
    }
}
