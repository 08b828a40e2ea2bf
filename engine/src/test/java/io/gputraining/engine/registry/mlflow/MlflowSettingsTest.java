package io.gputraining.engine.registry.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gputraining.engine.image.RegistryAuth;
import org.junit.jupiter.api.Test;

class MlflowSettingsTest {

    @Test
    void aTrailingSlashIsDroppedAndAPathPrefixKept() {
        assertThat(MlflowSettings.of("https://ml.example/mlflow/", RegistryAuth.anonymous()).trackingUrl())
                .hasToString("https://ml.example/mlflow");
    }

    @Test
    void credentialsInTheUrlAreRefused() {
        assertThatThrownBy(() -> MlflowSettings.of("http://bob:secret@127.0.0.1:5000", RegistryAuth.anonymous()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("give credentials as RegistryAuth")
                .hasMessageNotContaining("secret@");
    }

    @Test
    void anIdentityTokenIsRefusedBecauseMlflowHasNoTokenExchange() {
        assertThatThrownBy(() -> MlflowSettings.of("http://127.0.0.1:5000", RegistryAuth.identityToken("t")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not an identity token");
    }

    @Test
    void theSecretNeverShowsInTheSettingsText() {
        assertThat(MlflowSettings.of("http://127.0.0.1:5000", RegistryAuth.usernamePassword("bob", "pa55word")))
                .asString().doesNotContain("pa55word");
    }
}
