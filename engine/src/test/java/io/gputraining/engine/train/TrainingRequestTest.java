package io.gputraining.engine.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gputraining.engine.gpu.GpuAllocator;
import io.gputraining.engine.image.ImageRequest;
import io.gputraining.engine.launch.LaunchRequest;
import io.gputraining.engine.preflight.PreflightPolicy;
import io.gputraining.engine.runtime.GpuRequest;
import io.gputraining.engine.runtime.MemoryLimit;
import io.gputraining.engine.testing.RecordCopies;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The request's builder holds every default, and a copy through it or over the channel keeps every setting. */
class TrainingRequestTest {

    /** Every component set to something other than its default. */
    static TrainingRequest everySettingChanged() {
        return TrainingRequest.builder()
                .image(ImageRequest.of("127.0.0.1:5000/pt@sha256:" + "a".repeat(64)))
                .command(List.of("python3", "train.py"))
                .workspace("/ws")
                .outputDir("out")
                .env(Map.of("EPOCHS", "3"))
                .gpus(GpuRequest.count(2))
                .preflight(PreflightPolicy.builder().allowCpuFallback(true).build())
                .artifacts(List.of("*.pt"))
                .modelName("resnet")
                .alias("candidate")
                .lineage(new Lineage("0123abc", "https://git.example/ml.git", "job#7", "https://ci.example/job/7/"))
                .owner("https://ci.example/job/7/")
                .user("1000:1000")
                .gpuLockDirectory("/var/lib/gpu-locks")
                .gpuWait(Duration.ofSeconds(30))
                .timeout(Duration.ofMinutes(90))
                .memoryLimit(MemoryLimit.parse("8g"))
                .build();
    }

    /** Only what has no default. */
    private static TrainingRequest onlyRequired() {
        return TrainingRequest.builder().command(List.of("true")).workspace("/w").modelName("m").owner("o").build();
    }

    @Test
    void toBuilderKeepsEveryComponent() {
        RecordCopies.assertCopyKeepsEveryComponent(everySettingChanged(), onlyRequired(), r -> r.toBuilder().build());
    }

    @Test
    void theRequestSentToAnAgentAndGivenTheAgentsUserKeepsEveryOtherComponent() {
        // What the plugin does: serialize to the agent, which sets its own uid:gid and changes nothing else.
        TrainingRequest sent = everySettingChanged();

        TrainingRequest onAgent = RecordCopies.serializedAndBack(sent).toBuilder().user("1001:1001").build();

        RecordCopies.assertCopyKeepsEveryComponent(sent, onlyRequired(), RecordCopies::serializedAndBack);
        assertThat(onAgent.toBuilder().user(sent.user()).build()).as("all but the user, as sent").isEqualTo(sent);
        assertThat(onAgent.memoryLimit()).isEqualTo(MemoryLimit.parse("8g"));
        assertThat(onAgent.user()).isEqualTo("1001:1001");
    }

    @Test
    void theLaunchOfTheTrainingContainerHasTheRequestsImageGpusPreflightOwnerUserAndLease() {
        TrainingRequest request = everySettingChanged();

        LaunchRequest launch = request.launchRequest();

        assertThat(launch).isEqualTo(LaunchRequest.builder().image(request.image()).gpus(request.gpus())
                .preflight(request.preflight()).owner(request.owner()).user(request.user())
                .gpuLockDirectory(request.gpuLockDirectory()).gpuWait(request.gpuWait()).build());
    }

    @Test
    void theDefaultsAreThoseOfEveryEntryPoint() {
        TrainingRequest request = onlyRequired();

        assertThat(request.outputDir()).isEqualTo(".gpu-training/runs");
        assertThat(request.artifacts()).containsExactly("**");
        assertThat(request.gpus()).isEqualTo(GpuRequest.all());
        assertThat(request.preflight()).isEqualTo(PreflightPolicy.defaults());
        assertThat(request.gpuLockDirectory()).isEqualTo(GpuAllocator.DEFAULT_LOCK_DIRECTORY);
        assertThat(request.gpuWait()).isEqualTo(GpuAllocator.DEFAULT_WAIT);
        assertThat(request.timeout()).isEqualTo(Duration.ZERO);
        assertThat(request.memoryLimit()).isEqualTo(MemoryLimit.NONE);
        assertThat(request.image()).isNull();
        assertThat(request.user()).isNull();
        assertThat(request.lineage()).isEqualTo(Lineage.unknown());
    }

    @Test
    void aMissingModelNameIsNamed() {
        assertThatThrownBy(() -> TrainingRequest.builder().command(List.of("true")).workspace("/w").owner("o").build())
                .isInstanceOf(NullPointerException.class).hasMessageContaining("modelName");
    }

    @Test
    void theEnvironmentValuesStayOutOfToString() {
        assertThat(everySettingChanged().toBuilder().env(Map.of("HF_TOKEN", "hf_secret")).build().toString())
                .contains("HF_TOKEN").doesNotContain("hf_secret");
    }
}
