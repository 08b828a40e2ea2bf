package io.gputraining.engine.preflight.host;

import static io.gputraining.engine.preflight.host.DriverCompatibility.Support.FULL;
import static io.gputraining.engine.preflight.host.DriverCompatibility.Support.MINOR_VERSION_COMPATIBILITY;
import static io.gputraining.engine.preflight.host.DriverCompatibility.Support.UNKNOWN_CUDA_VERSION;
import static io.gputraining.engine.preflight.host.DriverCompatibility.Support.UNSUPPORTED;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CudaDriverRequirementTest {

    private static DriverVersion driver(String v) {
        return DriverVersion.parse(v);
    }

    @Test
    void torchBuildAndDriverOfTheRealH100HostAreFullyCompatible() throws Exception {
        String torchCuda = new ObjectMapper()
                .readTree(Fixtures.gpu(Fixtures.H100, "torch-probe.json")).get("cuda").asText();
        String hostDriver = GpuQueryParser.parse(Fixtures.gpu(Fixtures.H100, "query-gpu.csv"))
                .rows().get(0).driverVersion().orElseThrow().text();

        DriverCompatibility answer = CudaDriverRequirement.check(torchCuda, hostDriver);

        assertThat(answer.support()).isEqualTo(FULL);
        assertThat(answer.toolkitDriverMinimum()).hasValue(driver("580.65.06"));
        assertThat(answer.explanation()).isEqualTo("CUDA 13.0 needs driver >= 580.65.06; the host has 580.159.04.");
    }

    @Test
    void olderCuda12BuildRunsFullyOnADriver580() {
        DriverCompatibility answer = CudaDriverRequirement.check("12.4", "580.159.04");

        assertThat(answer.support()).isEqualTo(FULL);
        assertThat(answer.runs()).isTrue();
        assertThat(answer.toolkitDriverMinimum()).hasValue(driver("550.54.14"));
    }

    @Test
    void newerMinorOnAnOlderDriverOfTheSameFamilyRunsOnlyThroughMinorVersionCompatibility() {
        DriverCompatibility answer = CudaDriverRequirement.check("12.8", "550.54.14");

        assertThat(answer.support()).isEqualTo(MINOR_VERSION_COMPATIBILITY);
        assertThat(answer.runs()).isTrue();
        assertThat(answer.toolkitDriverMinimum()).hasValue(driver("570.26"));
        assertThat(answer.minorVersionCompatibility()).hasValue(driver("525.60.13"));
        assertThat(answer.explanation())
                .contains("minor-version compatibility", "PTX", "install driver >= 570.26 for full support");
    }

    @Test
    void driverOlderThanTheFamilyMinimumIsUnsupportedAndNamesTheDriverToInstall() {
        DriverCompatibility answer = CudaDriverRequirement.check("12.4", "470.82.01");

        assertThat(answer.support()).isEqualTo(UNSUPPORTED);
        assertThat(answer.runs()).isFalse();
        assertThat(answer.explanation()).isEqualTo("The host driver 470.82.01 is too old for CUDA 12.4: install"
                + " driver >= 550.54.14 (>= 525.60.13 runs it through minor-version compatibility, with limits).");
    }

    @Test
    void cuda13BuildNeedsADriverOfThe580Family() {
        DriverCompatibility answer = CudaDriverRequirement.check("13.0", "575.57.08");

        assertThat(answer.support()).isEqualTo(UNSUPPORTED);
        assertThat(answer.toolkitDriverMinimum()).hasValue(driver("580.65.06"));
    }

    @Test
    void cuda11NeedsTheDriverNvidiaNamesForItsMinorVersionCompatibility() {
        assertThat(CudaDriverRequirement.check("11.8", "450.80.02").support()).isEqualTo(MINOR_VERSION_COMPATIBILITY);
        assertThat(CudaDriverRequirement.check("11.8", "450.51.06").support()).isEqualTo(UNSUPPORTED);
        assertThat(CudaDriverRequirement.check("11.0", "450.51.05").support()).isEqualTo(FULL);
    }

    @Test
    void cuda10HasNoMinorVersionCompatibility() {
        assertThat(CudaDriverRequirement.check("10.2", "440.33").support()).isEqualTo(FULL);
        DriverCompatibility old = CudaDriverRequirement.check("10.2", "418.39");

        assertThat(old.support()).isEqualTo(UNSUPPORTED);
        assertThat(old.minorVersionCompatibility()).isEmpty();
        assertThat(old.explanation()).endsWith("install driver >= 440.33.");
    }

    @Test
    void minorReleaseNewerThanTheTableRunsThroughMinorVersionCompatibilityAtMost() {
        DriverCompatibility answer = CudaDriverRequirement.check("13.2", "580.159.04");

        assertThat(answer.support()).isEqualTo(MINOR_VERSION_COMPATIBILITY);
        assertThat(answer.toolkitDriverMinimum()).isEmpty();
        assertThat(answer.explanation()).contains("release notes name the driver for full support");
    }

    @Test
    void anyCuda12ReleaseRunsFullyOnADriverOfTheCuda13Family() {
        DriverCompatibility answer = CudaDriverRequirement.check("12.7", "580.65.06");

        assertThat(answer.support()).isEqualTo(FULL);
        assertThat(answer.toolkitDriverMinimum()).isEmpty();
    }

    @Test
    void majorReleaseTheTableDoesNotKnowIsUnknown() {
        assertThat(CudaDriverRequirement.check("14.0", "580.159.04").support()).isEqualTo(UNKNOWN_CUDA_VERSION);
        assertThat(CudaDriverRequirement.check("9.2", "580.159.04").support()).isEqualTo(UNKNOWN_CUDA_VERSION);
    }

    @Test
    void toolkitDriverRisesWithEveryRelease() {
        List<DriverVersion> drivers = new ArrayList<>(CudaDriverRequirement.toolkitDriverTable().values());

        assertThat(drivers).isSorted().doesNotHaveDuplicates();
        assertThat(CudaDriverRequirement.toolkitDriverTable().firstKey()).isEqualTo(new CudaVersion(10, 0));
        assertThat(CudaDriverRequirement.toolkitDriverTable().lastKey()).isEqualTo(new CudaVersion(13, 1));
    }

    @Test
    void familyMinimumIsTheOldestDriverOfThatFamilyInTheTable() {
        for (int major = 12; major <= 13; major++) {
            DriverVersion firstOfFamily = CudaDriverRequirement.toolkitDriverMinimum(new CudaVersion(major, 0))
                    .orElseThrow();
            assertThat(CudaDriverRequirement.minorVersionCompatibilityMinimum(major)).hasValue(firstOfFamily);
        }
        assertThat(CudaDriverRequirement.minorVersionCompatibilityMinimum(11)).hasValue(driver("450.80.02"));
        assertThat(CudaDriverRequirement.minorVersionCompatibilityMinimum(10)).isEmpty();
    }

    @Test
    void answerCrossesRemotingUnchanged() throws Exception {
        DriverCompatibility answer = CudaDriverRequirement.check("12.8", "550.54.14");

        assertThat(HostGpuInventoryParserTest.roundTrip(answer)).isEqualTo(answer);
    }
}
