package io.gputraining.engine.preflight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gputraining.engine.testing.RecordCopies;
import org.junit.jupiter.api.Test;

class PreflightPolicyTest {

    @Test
    void defaultsAskForOneGpuWithoutCpuFallbackAndNoLimits() {
        PreflightPolicy policy = PreflightPolicy.defaults();

        assertThat(policy.minGpus()).isEqualTo(1);
        assertThat(policy.allowCpuFallback()).isFalse();
        assertThat(policy.minFreeMemoryMiB()).isZero();
        assertThat(policy.maxTemperatureC()).isZero();
        assertThat(policy.requireIdle()).isFalse();
        assertThat(policy.allowMig()).isFalse();
        assertThat(policy.matmulRequired()).isTrue();
        assertThat(policy.skipAllReduce()).isFalse();
        assertThat(policy.warnOnMinorVersionCompatibility()).isTrue();
    }

    @Test
    void toBuilderKeepsEverySetting() {
        PreflightPolicy sample = PreflightPolicy.builder().minGpus(4).allowCpuFallback(true).minFreeMemoryMiB(40_000)
                .maxTemperatureC(85).requireIdle(true).allowMig(true).matmulRequired(false).skipAllReduce(true)
                .warnOnMinorVersionCompatibility(false).build();

        RecordCopies.assertCopyKeepsEveryComponent(sample, PreflightPolicy.defaults(), p -> p.toBuilder().build());
    }

    @Test
    void toBuilderChangesOnlyTheSettingItIsGiven() {
        PreflightPolicy changed = PreflightPolicy.defaults().toBuilder().minGpus(4).build();

        assertThat(changed).isEqualTo(new PreflightPolicy(4, false, 0, 0, false, false, true, false, true));
    }

    @Test
    void negativeGpuCountIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> PreflightPolicy.builder().minGpus(-1).build())
                .isInstanceOf(InvalidPreflightPolicyException.class)
                .hasMessageContaining("minGpus").hasMessageContaining("-1");
    }

    @Test
    void negativeFreeMemoryIsRefused() {
        assertThatThrownBy(() -> PreflightPolicy.builder().minFreeMemoryMiB(-512).build())
                .isInstanceOf(InvalidPreflightPolicyException.class)
                .hasMessageContaining("minFreeMemoryMiB").hasMessageContaining("-512");
    }

    @Test
    void temperatureLimitInFahrenheitIsRefused() {
        assertThatThrownBy(() -> PreflightPolicy.builder().maxTemperatureC(185).build())
                .isInstanceOf(InvalidPreflightPolicyException.class)
                .hasMessageContaining("maxTemperatureC").hasMessageContaining("185").hasMessageContaining("120");
    }

    @Test
    void zeroTurnsTheLimitsOffAndIsAccepted() {
        PreflightPolicy policy = PreflightPolicy.builder().minGpus(0).maxTemperatureC(0).minFreeMemoryMiB(0).build();

        assertThat(policy.minGpus()).isZero();
        assertThat(policy.maxTemperatureC()).isZero();
    }
}
