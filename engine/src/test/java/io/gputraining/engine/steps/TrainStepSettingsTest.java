package io.gputraining.engine.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gputraining.engine.EngineException;
import io.gputraining.engine.image.ImageRequest;
import io.gputraining.engine.image.PullPolicy;
import io.gputraining.engine.preflight.PreflightPolicy;
import io.gputraining.engine.runtime.GpuRequest;
import io.gputraining.engine.runtime.MemoryLimit;
import io.gputraining.engine.runtime.RuntimeKind;
import io.gputraining.engine.train.Lineage;
import io.gputraining.engine.train.TrainingRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** trainAndRegister's parameters become the request one way, for the step, the freestyle builder and the examples. */
class TrainStepSettingsTest {

    private static final String IMAGE = "127.0.0.1:5000/pt@sha256:" + "a".repeat(64);
    private static final Lineage LINEAGE = new Lineage("0123abc", null, "job#7", null);

    private static TrainingRequest map(TrainStepSettings settings, SiteSettings site) {
        return settings.toRequest(site, "/ws", "job#7", LINEAGE, Map.of());
    }

    @Test
    void theStepsDefaultsAreTheRequestsDefaults() {
        TrainingRequest mapped = map(TrainStepSettings.builder().command("python3 train.py").model("m").image(IMAGE).build(),
                SiteSettings.defaults());

        assertThat(mapped).isEqualTo(TrainingRequest.builder().image(ImageRequest.of(IMAGE)).command(List.of("python3", "train.py"))
                .workspace("/ws").modelName("m").owner("job#7").lineage(LINEAGE).build());
    }

    @Test
    void everyParameterReachesTheRequest() {
        TrainStepSettings settings = TrainStepSettings.builder().command("python3 train.py --epochs 3").model("resnet").image(IMAGE)
                .artifacts("model.pt, config.json").alias("candidate").gpus("2").preflight(true).allowCpuFallback(true)
                .outputDir("out").timeoutMinutes(90).memory("8g").env(List.of("EPOCHS=3", "LR=0.1=x")).requirePinned(true)
                .pull("never").gpuWaitMinutes(3).build();

        TrainingRequest request = map(settings, SiteSettings.builder().gpuLockDirectory("/var/lib/gpu-locks").build());

        assertThat(request.command()).containsExactly("python3", "train.py", "--epochs", "3");
        assertThat(request.image()).isEqualTo(ImageRequest.builder(IMAGE).requirePinned(true).pull(PullPolicy.NEVER).build());
        assertThat(request.artifacts()).containsExactly("model.pt", "config.json");
        assertThat(request.alias()).isEqualTo("candidate");
        assertThat(request.gpus()).isEqualTo(GpuRequest.count(2));
        assertThat(request.preflight()).isEqualTo(PreflightPolicy.builder().allowCpuFallback(true).build());
        assertThat(request.outputDir()).isEqualTo("out");
        assertThat(request.timeout()).isEqualTo(Duration.ofMinutes(90));
        assertThat(request.memoryLimit()).isEqualTo(MemoryLimit.parse("8g"));
        assertThat(request.env()).isEqualTo(Map.of("EPOCHS", "3", "LR", "0.1=x"));
        assertThat(request.gpuLockDirectory()).isEqualTo("/var/lib/gpu-locks");
        assertThat(request.gpuWait()).isEqualTo(Duration.ofMinutes(3));
    }

    @Test
    void theSiteGivesTheDefaultImageAndCanForcePinning() {
        TrainingRequest request = map(TrainStepSettings.builder().command("true").model("m").build(),
                SiteSettings.builder().defaultImage(IMAGE).requirePinned(true).build());

        assertThat(request.image()).isEqualTo(ImageRequest.builder(IMAGE).requirePinned(true).build());
    }

    @Test
    void blankFormValuesMeanTheDefaults() {
        TrainStepSettings blank = TrainStepSettings.builder().command("true").model("m").image(" ").artifacts("").gpus(" ")
                .outputDir("").memory("").runtime("").build();

        assertThat(blank).isEqualTo(TrainStepSettings.builder().command("true").model("m").build());
    }

    @Test
    void theLocalRuntimeNeedsNoImage() {
        TrainingRequest request = map(TrainStepSettings.builder().command("true").model("m").runtime("local").build(),
                SiteSettings.defaults());

        assertThat(request.image()).isNull();
    }

    @Test
    void withoutAnImageOnDockerItSaysWhereOneComesFrom() {
        assertThatThrownBy(() -> map(TrainStepSettings.builder().command("true").model("m").build(), SiteSettings.defaults()))
                .isInstanceOf(InvalidStepSettingsException.class)
                .hasMessageContaining("needs an image on Docker").hasMessageContaining("default image").hasMessageContaining("runtime: 'local'");
    }

    @Test
    void anEmptyCommandAndABadEnvironmentEntryAreNamed() {
        TrainStepSettings.Builder valid = TrainStepSettings.builder().command("true").model("m").image(IMAGE);

        assertThatThrownBy(() -> map(valid.command("  ").build(), SiteSettings.defaults()))
                .isInstanceOf(InvalidStepSettingsException.class).hasMessageContaining("needs a command");
        assertThatThrownBy(() -> map(valid.command("true").env(List.of("=3")).build(), SiteSettings.defaults()))
                .isInstanceOf(InvalidStepSettingsException.class).hasMessageContaining("env entry '=3' has no variable name");
    }

    @Test
    void aNameAloneTakesTheBuildsValueWhichIsASecretToMask() {
        TrainStepSettings settings = TrainStepSettings.builder().command("true").model("m").image(IMAGE)
                .env(List.of("HF_TOKEN", "EPOCHS=3")).build();
        Map<String, String> build = Map.of("HF_TOKEN", "hf_s3cr3t", "PATH", "/usr/bin");

        TrainingRequest request = settings.toRequest(SiteSettings.defaults(), "/ws", "job#7", LINEAGE, build);

        assertThat(request.env()).isEqualTo(Map.of("HF_TOKEN", "hf_s3cr3t", "EPOCHS", "3"));
        assertThat(settings.environment(build).passedValues()).containsExactly("hf_s3cr3t");
    }

    @Test
    void aNameTheBuildLacksSaysHowToBindIt() {
        assertThatThrownBy(() -> map(TrainStepSettings.builder().command("true").model("m").image(IMAGE).env(List.of("HF_TOKEN"))
                .build(), SiteSettings.defaults()))
                .isInstanceOf(InvalidStepSettingsException.class).hasMessageContaining("withCredentials");
    }

    @Test
    void podmanRunsTheImageLikeDocker() {
        TrainStepSettings settings = TrainStepSettings.builder().command("true").model("m").image(IMAGE).runtime("podman").build();

        assertThat(settings.runtimeKind(SiteSettings.defaults())).isEqualTo(RuntimeKind.PODMAN);
        assertThat(map(settings, SiteSettings.defaults()).image()).isEqualTo(ImageRequest.of(IMAGE));
        assertThatThrownBy(() -> map(TrainStepSettings.builder().command("true").model("m").runtime("podman").build(),
                SiteSettings.defaults())).hasMessageContaining("needs an image on Podman");
    }

    @Test
    void theSitesRuntimeIsTheDefaultAndTheStepsWins() {
        SiteSettings podmanSite = SiteSettings.builder().runtime("podman").build();

        assertThat(TrainStepSettings.DEFAULTS.runtimeKind(podmanSite)).isEqualTo(RuntimeKind.PODMAN);
        assertThat(TrainStepSettings.builder().runtime("local").build().runtimeKind(podmanSite)).isEqualTo(RuntimeKind.LOCAL);
        assertThat(TrainStepSettings.DEFAULTS.runtimeKind(SiteSettings.defaults())).isEqualTo(RuntimeKind.DOCKER);
    }

    @Test
    void anUnknownRuntimeListsTheKnownOnes() {
        assertThatThrownBy(() -> map(TrainStepSettings.builder().command("true").model("m").image(IMAGE).runtime("kubernetes").build(),
                SiteSettings.defaults()))
                .isInstanceOf(EngineException.class).hasMessageContaining("runtime 'kubernetes' is not known: use docker, podman, local");
    }
}
