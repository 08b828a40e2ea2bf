package io.gputraining.engine.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gputraining.engine.image.ImageRequest;
import io.gputraining.engine.image.PullPolicy;
import io.gputraining.engine.preflight.HealthCheckRequest;
import io.gputraining.engine.preflight.PreflightPolicy;
import io.gputraining.engine.runtime.GpuRequest;
import org.junit.jupiter.api.Test;

class HealthCheckSettingsTest {

    private static final String IMAGE = "127.0.0.1:5000/pt@sha256:" + "a".repeat(64);

    @Test
    void theStepsDefaultsAreThePolicysAndTheRequestsDefaults() {
        HealthCheckRequest mapped = HealthCheckSettings.builder().image(IMAGE).build().toRequest(SiteSettings.defaults(), "job#7");

        assertThat(mapped).isEqualTo(HealthCheckRequest.builder().image(ImageRequest.of(IMAGE)).owner("job#7").keepEvidence(false)
                .build());
    }

    @Test
    void everyPolicyParameterReachesThePolicy() {
        HealthCheckSettings settings = HealthCheckSettings.builder().image(IMAGE).gpus("device=0").minGpus(2).allowCpuFallback(true)
                .minFreeMemoryMiB(1024).maxTemperatureC(85).requireIdle(true).allowMig(true).skipAllReduce(true).python("python3.11")
                .requirePinned(true).pull("always").gpuWaitMinutes(0).idleGpusOnly(true).build();

        HealthCheckRequest request = settings.toRequest(SiteSettings.builder().gpuLockDirectory("/var/lib/gpu-locks").build(), "job#7");

        assertThat(request.policy()).isEqualTo(PreflightPolicy.builder().minGpus(2).allowCpuFallback(true).minFreeMemoryMiB(1024)
                .maxTemperatureC(85).requireIdle(true).allowMig(true).skipAllReduce(true).build());
        assertThat(request.gpus()).isEqualTo(GpuRequest.parse("device=0"));
        assertThat(request.python()).isEqualTo("python3.11");
        assertThat(request.image()).isEqualTo(ImageRequest.builder(IMAGE).requirePinned(true).pull(PullPolicy.ALWAYS).build());
        assertThat(request.gpuLockDirectory()).as("the site's, as for every step").isEqualTo("/var/lib/gpu-locks");
        assertThat(request.gpuWait()).isEqualTo(java.time.Duration.ZERO);
        assertThat(request.idleGpusOnly()).isTrue();
    }

    @Test
    void withoutAnImageOnDockerItSaysSo() {
        assertThatThrownBy(() -> HealthCheckSettings.DEFAULTS.toRequest(SiteSettings.defaults(), "o"))
                .isInstanceOf(InvalidStepSettingsException.class).hasMessageContaining("gpuHealthCheck needs an image on Docker");
    }
}
