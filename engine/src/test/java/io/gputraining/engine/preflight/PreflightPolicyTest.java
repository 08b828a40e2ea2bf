package io.gputraining.engine.preflight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PreflightPolicyTest {

    @Test
    void defaultsAskForOneGpuWithoutCpuFallbackAndNoLimits() {
        PreflightPolicy policy = PreflightPolicy.defaults();

        assertThat(policy).isEqualTo(new PreflightPolicy(1, false, 0, 0, false, false, true, true, true));
    }

    @Test
    void eachWitherChangesOnlyItsSetting() {
        PreflightPolicy d = PreflightPolicy.defaults();

        assertThat(d.withMinGpus(4)).isEqualTo(new PreflightPolicy(4, false, 0, 0, false, false, true, true, true));
        assertThat(d.withAllowCpuFallback(true)).isEqualTo(new PreflightPolicy(1, true, 0, 0, false, false, true, true, true));
        assertThat(d.withMinFreeMemoryMiB(40_000)).isEqualTo(new PreflightPolicy(1, false, 40_000, 0, false, false, true, true, true));
        assertThat(d.withMaxTemperatureC(85)).isEqualTo(new PreflightPolicy(1, false, 0, 85, false, false, true, true, true));
        assertThat(d.withRequireIdle(true)).isEqualTo(new PreflightPolicy(1, false, 0, 0, true, false, true, true, true));
        assertThat(d.withAllowMig(true)).isEqualTo(new PreflightPolicy(1, false, 0, 0, false, true, true, true, true));
        assertThat(d.withMatmulRequired(false)).isEqualTo(new PreflightPolicy(1, false, 0, 0, false, false, false, true, true));
        assertThat(d.withAllReduceRequired(false)).isEqualTo(new PreflightPolicy(1, false, 0, 0, false, false, true, false, true));
        assertThat(d.withWarnOnMinorVersionCompatibility(false))
                .isEqualTo(new PreflightPolicy(1, false, 0, 0, false, false, true, true, false));
    }

    @Test
    void negativeGpuCountIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> PreflightPolicy.defaults().withMinGpus(-1))
                .isInstanceOf(InvalidPreflightPolicyException.class)
                .hasMessageContaining("minGpus").hasMessageContaining("-1");
    }

    @Test
    void negativeFreeMemoryIsRefused() {
        assertThatThrownBy(() -> PreflightPolicy.defaults().withMinFreeMemoryMiB(-512))
                .isInstanceOf(InvalidPreflightPolicyException.class)
                .hasMessageContaining("minFreeMemoryMiB").hasMessageContaining("-512");
    }

    @Test
    void temperatureLimitInFahrenheitIsRefused() {
        assertThatThrownBy(() -> PreflightPolicy.defaults().withMaxTemperatureC(185))
                .isInstanceOf(InvalidPreflightPolicyException.class)
                .hasMessageContaining("maxTemperatureC").hasMessageContaining("185").hasMessageContaining("120");
    }

    @Test
    void zeroTurnsTheLimitsOffAndIsAccepted() {
        PreflightPolicy policy = PreflightPolicy.defaults().withMinGpus(0).withMaxTemperatureC(0).withMinFreeMemoryMiB(0);

        assertThat(policy.minGpus()).isZero();
        assertThat(policy.maxTemperatureC()).isZero();
    }
}
