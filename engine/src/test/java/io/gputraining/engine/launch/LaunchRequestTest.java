package io.gputraining.engine.launch;

import static org.assertj.core.api.Assertions.assertThat;

import io.gputraining.engine.image.ImageRequest;
import io.gputraining.engine.preflight.PreflightPolicy;
import io.gputraining.engine.runtime.GpuRequest;
import io.gputraining.engine.runtime.ReadOnlyMount;
import io.gputraining.engine.runtime.ShmSize;
import io.gputraining.engine.testing.RecordCopies;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The launch and block requests keep every component through toBuilder() and over the channel. */
class LaunchRequestTest {

    static LaunchRequest everySettingChanged() {
        return LaunchRequest.builder()
                .image(ImageRequest.of("127.0.0.1:5000/pt@sha256:" + "a".repeat(64)))
                .gpus(GpuRequest.count(2))
                .preflight(PreflightPolicy.builder().allowCpuFallback(true).build())
                .python("python3.11")
                .owner("https://ci.example/job/7/")
                .user("1000:1000")
                .gpuLockDirectory("/var/lib/gpu-locks")
                .gpuWait(Duration.ofSeconds(30))
                .build();
    }

    @Test
    void aLaunchRequestKeepsEveryComponent() {
        LaunchRequest defaults = LaunchRequest.builder().owner("o").build();

        RecordCopies.assertCopyKeepsEveryComponent(everySettingChanged(), defaults, r -> r.toBuilder().build());
        RecordCopies.assertCopyKeepsEveryComponent(everySettingChanged(), defaults, RecordCopies::serializedAndBack);
    }

    @Test
    void aBlockRequestKeepsEveryComponent() {
        ContainerBlockRequest sample = ContainerBlockRequest.builder().launch(everySettingChanged()).workspace("/ws")
                .tempDirectory("/ws@tmp").network("host").shmSize(ShmSize.parse("8g")).mount(ReadOnlyMount.parse("/data")).build();
        ContainerBlockRequest defaults = ContainerBlockRequest.builder().launch(LaunchRequest.builder().owner("o").build())
                .workspace("/w").tempDirectory("/w@tmp").build();

        RecordCopies.assertCopyKeepsEveryComponent(sample, defaults, r -> r.toBuilder().build());
        RecordCopies.assertCopyKeepsEveryComponent(sample, defaults, RecordCopies::serializedAndBack);
    }

    @Test
    void theDefaultsLeaseEveryGpuAfterThePreflightWithNoNetwork() {
        LaunchRequest launch = LaunchRequest.builder().owner("o").build();

        assertThat(launch.gpus()).isEqualTo(GpuRequest.all());
        assertThat(launch.preflight()).isEqualTo(PreflightPolicy.defaults());
        assertThat(launch.python()).isEqualTo("python3");
        assertThat(ContainerBlockRequest.builder().launch(launch).workspace("/w").tempDirectory("/t").build().network())
                .isEqualTo("none");
    }
}
