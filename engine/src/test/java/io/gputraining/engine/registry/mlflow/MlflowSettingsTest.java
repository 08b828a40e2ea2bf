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

    @Test
    void verificationIsParsedAsUsersWriteIt() {
        assertThat(MlflowSettings.Verification.parse("read-back")).isEqualTo(MlflowSettings.Verification.READ_BACK);
        assertThat(MlflowSettings.Verification.parse(" SIZE ")).isEqualTo(MlflowSettings.Verification.SIZE);
        assertThat(MlflowSettings.Verification.READ_BACK.label()).isEqualTo("read-back");
    }

    @Test
    void anUnknownVerificationNamesTheModesThereAre() {
        assertThatThrownBy(() -> MlflowSettings.Verification.parse("sha256"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'sha256' is not known")
                .hasMessageContaining("'size'")
                .hasMessageContaining("'read-back'");
    }
}
