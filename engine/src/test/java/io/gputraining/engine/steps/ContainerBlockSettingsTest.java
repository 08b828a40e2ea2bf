package io.gputraining.engine.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gputraining.engine.image.ImageRequest;
import io.gputraining.engine.image.PullPolicy;
import io.gputraining.engine.launch.ContainerBlockRequest;
import io.gputraining.engine.launch.LaunchRequest;
import io.gputraining.engine.runtime.GpuRequest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ContainerBlockSettingsTest {

    private static final String IMAGE = "127.0.0.1:5000/pt@sha256:" + "a".repeat(64);

    @Test
    void theBlocksDefaultsAreTheLaunchsDefaults() {
        ContainerBlockRequest mapped = ContainerBlockSettings.builder().image(IMAGE).build()
                .toRequest(SiteSettings.defaults(), "/ws", "/ws@tmp", "job#7");

        assertThat(mapped).isEqualTo(ContainerBlockRequest.builder()
                .launch(LaunchRequest.builder().image(ImageRequest.of(IMAGE)).owner("job#7").build())
                .workspace("/ws").tempDirectory("/ws@tmp").build());
    }

    @Test
    void theLockDirectoryIsTheSitesAndEveryParameterReachesTheRequest() {
        ContainerBlockSettings settings = ContainerBlockSettings.builder().image(IMAGE).gpus("2").preflight(false).network("host")
                .gpuWaitMinutes(0).requirePinned(true).pull("missing").build();

        ContainerBlockRequest request = settings.toRequest(new SiteSettings(null, false, null, "/var/lib/gpu-locks"), "/ws", "/ws@tmp", "o");

        assertThat(request.launch().gpuLockDirectory()).isEqualTo("/var/lib/gpu-locks");
        assertThat(request.launch().gpus()).isEqualTo(GpuRequest.count(2));
        assertThat(request.launch().preflight()).isNull();
        assertThat(request.launch().gpuWait()).isEqualTo(Duration.ZERO);
        assertThat(request.launch().image()).isEqualTo(ImageRequest.builder(IMAGE).requirePinned(true).pull(PullPolicy.MISSING).build());
        assertThat(request.network()).isEqualTo("host");
    }

    @Test
    void withoutAnImageItSaysWhatToGive() {
        assertThatThrownBy(() -> ContainerBlockSettings.DEFAULTS.toRequest(SiteSettings.defaults(), "/ws", "/t", "o"))
                .isInstanceOf(InvalidStepSettingsException.class).hasMessageContaining("withPytorchCuda needs an image");
    }
}
