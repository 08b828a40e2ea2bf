package io.gputraining.engine.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import io.gputraining.engine.image.ImageRequest;
import io.gputraining.engine.preflight.probe.ProbeOptions;
import io.gputraining.engine.runtime.GpuRequest;
import io.gputraining.engine.testing.RecordCopies;
import org.junit.jupiter.api.Test;

class HealthCheckRequestTest {

    private static HealthCheckRequest onlyRequired() {
        return HealthCheckRequest.builder().owner("o").build();
    }

    @Test
    void toBuilderAndTheTripToAnAgentKeepEveryComponent() {
        HealthCheckRequest sample = HealthCheckRequest.builder()
                .image(ImageRequest.of("127.0.0.1:5000/pt@sha256:" + "a".repeat(64)))
                .gpus(GpuRequest.count(2))
                .policy(PreflightPolicy.builder().minGpus(2).build())
                .probeOptions(ProbeOptions.defaults().withoutAllReduce())
                .python("python3.11")
                .owner("https://ci.example/job/7/")
                .user("1000:1000")
                .keepEvidence(false)
                .gpuLockDirectory("/var/lib/gpu-locks")
                .gpuWait(java.time.Duration.ofSeconds(30))
                .idleGpusOnly(true)
                .build();

        RecordCopies.assertCopyKeepsEveryComponent(sample, onlyRequired(), r -> r.toBuilder().build());
        RecordCopies.assertCopyKeepsEveryComponent(sample, onlyRequired(), RecordCopies::serializedAndBack);
    }

    @Test
    void theDefaultsAreTheStandardPolicyOnEveryGpuWithPython3() {
        HealthCheckRequest request = onlyRequired();

        assertThat(request.gpus()).isEqualTo(GpuRequest.all());
        assertThat(request.policy()).isEqualTo(PreflightPolicy.defaults());
        assertThat(request.probeOptions()).isEqualTo(ProbeOptions.defaults());
        assertThat(request.python()).isEqualTo("python3");
        assertThat(request.keepEvidence()).isTrue();
        assertThat(request.gpuLockDirectory()).as("the lock directory every entry point shares")
                .isEqualTo(io.gputraining.engine.gpu.GpuAllocator.DEFAULT_LOCK_DIRECTORY);
        assertThat(request.gpuWait()).as("waits like a training").isEqualTo(io.gputraining.engine.gpu.GpuAllocator.DEFAULT_WAIT);
        assertThat(request.idleGpusOnly()).isFalse();
    }
}
