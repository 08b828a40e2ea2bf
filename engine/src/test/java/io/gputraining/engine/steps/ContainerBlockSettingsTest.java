package io.gputraining.engine.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gputraining.engine.EngineException;
import io.gputraining.engine.image.ImageRequest;
import io.gputraining.engine.image.PullPolicy;
import io.gputraining.engine.launch.ContainerBlockRequest;
import io.gputraining.engine.launch.LaunchRequest;
import io.gputraining.engine.runtime.GpuRequest;
import io.gputraining.engine.runtime.ReadOnlyMount;
import io.gputraining.engine.runtime.RuntimeKind;
import io.gputraining.engine.runtime.ShmSize;
import java.time.Duration;
import java.util.List;
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

        ContainerBlockRequest request = settings.toRequest(SiteSettings.builder().gpuLockDirectory("/var/lib/gpu-locks").build(), "/ws", "/ws@tmp", "o");

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

    @Test
    void shmSizeAndReadOnlyMountsReachTheRequest() {
        ContainerBlockRequest request = ContainerBlockSettings.builder().image(IMAGE).shmSize("8g")
                .mounts(List.of("/data/imagenet", " /srv/tok:/tokenizer:ro ", "")).build()
                .toRequest(SiteSettings.defaults(), "/ws", "/ws@tmp", "o");

        assertThat(request.shmSize()).isEqualTo(new ShmSize(8L << 30));
        assertThat(request.mounts()).containsExactly(new ReadOnlyMount("/data/imagenet", "/data/imagenet"),
                new ReadOnlyMount("/srv/tok", "/tokenizer"));
    }

    @Test
    void aMountOfTheDockerSocketOrOverTheWorkspaceIsRefused() {
        ContainerBlockSettings.Builder block = ContainerBlockSettings.builder().image(IMAGE);

        assertThatThrownBy(() -> block.mounts(List.of("/var/run/docker.sock")).build().toRequest(SiteSettings.defaults(), "/ws", "/t", "o"))
                .isInstanceOf(EngineException.class).hasMessageContaining("container daemon's socket");
        assertThatThrownBy(() -> block.mounts(List.of("/data:/ws")).build().toRequest(SiteSettings.defaults(), "/ws", "/t", "o"))
                .isInstanceOf(EngineException.class).hasMessageContaining("would hide the workspace");
    }

    @Test
    void theRuntimeIsTheStepsOrTheSitesAndNeverLocal() {
        assertThat(ContainerBlockSettings.builder().runtime("podman").build().runtimeKind(SiteSettings.defaults()))
                .isEqualTo(RuntimeKind.PODMAN);
        assertThat(ContainerBlockSettings.DEFAULTS.runtimeKind(SiteSettings.builder().runtime("podman").build()))
                .isEqualTo(RuntimeKind.PODMAN);
        assertThatThrownBy(() -> ContainerBlockSettings.builder().image(IMAGE).runtime("local").build()
                .toRequest(SiteSettings.defaults(), "/ws", "/t", "o"))
                .isInstanceOf(InvalidStepSettingsException.class).hasMessageContaining("runs its steps in a container");
        assertThatThrownBy(() -> ContainerBlockSettings.DEFAULTS.runtimeKind(SiteSettings.builder().runtime("local").build()))
                .hasMessageContaining("(the global default)");
    }
}
