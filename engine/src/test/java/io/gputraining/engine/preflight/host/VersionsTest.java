package io.gputraining.engine.preflight.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class VersionsTest {

    @Test
    void driverVersionsCompareNumericallyNotAsText() {
        assertThat(DriverVersion.parse("580.159.04")).isGreaterThan(DriverVersion.parse("580.65.06"));
        assertThat(DriverVersion.parse("570.124.06")).isGreaterThan(DriverVersion.parse("570.26"));
        assertThat(DriverVersion.parse("1000.1")).isGreaterThan(DriverVersion.parse("999.99.99"));
    }

    @Test
    void driverVersionWithFewerPartsComparesAsIfPaddedWithZeros() {
        assertThat(DriverVersion.parse("455.23").compareTo(DriverVersion.parse("455.23.00"))).isZero();
        assertThat(DriverVersion.parse("455.23")).isLessThan(DriverVersion.parse("455.23.04"));
    }

    @Test
    void driverVersionKeepsItsTextAndBranch() {
        DriverVersion driver = DriverVersion.parse(" 580.159.04\n");

        assertThat(driver.text()).isEqualTo("580.159.04");
        assertThat(driver.major()).isEqualTo(580);
    }

    @Test
    void driverVersionRejectsWhatIsNotOne() {
        assertThatThrownBy(() -> DriverVersion.parse("[N/A]"))
                .isInstanceOf(InvalidVersionException.class)
                .hasMessageContaining("'[N/A]' is not a valid NVIDIA driver version");
    }

    @Test
    void cudaVersionReadsTorchsFormAndDropsAnUpdateNumber() {
        assertThat(CudaVersion.parse("12.4")).isEqualTo(new CudaVersion(12, 4));
        assertThat(CudaVersion.parse("12.4.1")).isEqualTo(new CudaVersion(12, 4));
        assertThat(CudaVersion.parse("12.10")).isGreaterThan(CudaVersion.parse("12.9"));
    }

    @Test
    void cudaVersionRejectsWhatIsNotOne() {
        assertThatThrownBy(() -> CudaVersion.parse("None")).isInstanceOf(InvalidVersionException.class);
        assertThatThrownBy(() -> CudaVersion.parse(null)).isInstanceOf(InvalidVersionException.class);
    }

    @Test
    void computeCapabilityNamesItsArchitecture() {
        assertThat(ComputeCapability.parse("9.0").smArchitecture()).isEqualTo("sm_90");
        assertThat(ComputeCapability.parse("12.0")).isGreaterThan(ComputeCapability.parse("9.0"));
    }
}
