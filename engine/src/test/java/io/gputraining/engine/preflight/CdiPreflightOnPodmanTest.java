package io.gputraining.engine.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import io.gputraining.engine.cdi.CdiKind;
import io.gputraining.engine.cdi.TestCdiSpec;
import io.gputraining.engine.docker.DockerEndpoint;
import io.gputraining.engine.docker.DockerImages;
import io.gputraining.engine.docker.DockerRuntime;
import io.gputraining.engine.docker.TestDaemon;
import io.gputraining.engine.image.ImageRequest;
import io.gputraining.engine.image.ManifestDigestResolver;
import io.gputraining.engine.preflight.host.HostGpuProbe;
import io.gputraining.engine.preflight.host.NvidiaSmiStandIn;
import io.gputraining.engine.runtime.GpuRequest;
import io.gputraining.engine.testing.RecordingSink;
import io.gputraining.engine.testing.TestEnvironment;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The preflight on Podman with GPUs given as CDI devices of the tests' own kind, and nvidia-smi replaying the H100
 * (driver 580.159.04): a current spec passes cdi-spec and runtime-gpus; a missing or stale spec is named with its fix.
 */
class CdiPreflightOnPodmanTest {

    @RegisterExtension
    static final TestDaemon ROOTFUL = TestDaemon.podmanRootful();
    @RegisterExtension
    static final TestDaemon ROOTLESS = TestDaemon.podmanRootless();

    @TempDir
    Path dir;

    static Stream<TestDaemon> daemons() {
        return Stream.of(ROOTFUL, ROOTLESS);
    }

    private PreflightReport preflight(TestDaemon daemon, CdiKind kind) throws Exception {
        Path bin = NvidiaSmiStandIn.install(dir, NvidiaSmiStandIn.H100, "query-gpu.csv", "compute-apps-idle.csv");
        try (DockerRuntime runtime = DockerRuntime.connect(new DockerEndpoint(daemon.host(), false, null), kind)) {
            DockerImages images = new DockerImages(runtime.client(), ManifestDigestResolver.withDefaults());
            return new GpuHealthCheck(runtime, images, HostGpuProbe.at(bin.resolve("nvidia-smi")))
                    .run(HealthCheckRequest.builder().image(ImageRequest.of(TestEnvironment.torchImage())).gpus(GpuRequest.ids(List.of("0")))
                            .owner("cdi-test").build(), new RecordingSink(), p -> { });
        }
    }

    private static Verdict verdict(PreflightReport report, PreflightCheck check) {
        return report.verdict(check.id()).orElseThrow();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("daemons")
    void aCurrentSpecPassesAndTheContainerGetsTheDevice(TestDaemon daemon) throws Exception {
        try (TestCdiSpec spec = TestCdiSpec.write()) {
            PreflightReport report = preflight(daemon, spec.kind());

            assertThat(verdict(report, PreflightCheck.CDI_SPEC).level()).isEqualTo(Verdict.Level.PASS);
            assertThat(verdict(report, PreflightCheck.CDI_SPEC).summary()).contains(spec.file().toString()).contains(spec.kind() + "=0");
            assertThat(verdict(report, PreflightCheck.RUNTIME_GPUS).level()).isEqualTo(Verdict.Level.PASS);
            assertThat(verdict(report, PreflightCheck.RUNTIME_GPUS).summary()).contains("podman").contains("cdi: " + spec.kind() + "=0");
            assertThat(verdict(report, PreflightCheck.PROBE).level()).isEqualTo(Verdict.Level.PASS);
        }
    }

    @Test
    void noSpecForTheKindIsNamedWithTheFixOnBothChecks() throws Exception {
        CdiKind kind = TestCdiSpec.kindWithoutSpec();

        PreflightReport report = preflight(ROOTFUL, kind);

        Verdict cdiSpec = verdict(report, PreflightCheck.CDI_SPEC);
        assertThat(cdiSpec.level()).isEqualTo(Verdict.Level.FAIL);
        assertThat(cdiSpec.summary()).isEqualTo("no CDI spec for " + kind + " in /etc/cdi, /var/run/cdi");
        Verdict runtimeGpus = verdict(report, PreflightCheck.RUNTIME_GPUS);
        assertThat(runtimeGpus.level()).isEqualTo(Verdict.Level.FAIL);
        assertThat(runtimeGpus.summary()).contains("unresolvable CDI devices " + kind + "=0");
        assertThat(runtimeGpus.fixIfAny()).hasValueSatisfying(f -> assertThat(f).contains("nvidia-ctk cdi generate"));
    }

    @Test
    void aSpecLeftFromTheDriverBeforeTheUpgradeIsStale() throws Exception {
        try (TestCdiSpec spec = TestCdiSpec.writeStale()) {
            PreflightReport report = preflight(ROOTFUL, spec.kind());

            Verdict cdiSpec = verdict(report, PreflightCheck.CDI_SPEC);
            assertThat(cdiSpec.level()).isEqualTo(Verdict.Level.FAIL);
            assertThat(cdiSpec.summary()).contains("is older than the driver");
            assertThat(cdiSpec.cause()).contains("generated for driver " + TestCdiSpec.OLD_DRIVER + ", and the driver is now 580.159.04")
                    .contains("libcuda.so." + TestCdiSpec.OLD_DRIVER);
            assertThat(report.overall()).isEqualTo(Verdict.Level.FAIL);
        }
    }
}
