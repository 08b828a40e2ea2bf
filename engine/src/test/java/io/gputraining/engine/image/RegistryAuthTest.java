package io.gputraining.engine.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.junit.jupiter.api.Test;

class RegistryAuthTest {

    @Test
    void toStringMasksThePassword() {
        RegistryAuth auth = RegistryAuth.usernamePassword("bob", "hunter2-secret").withCredentialsId("hub");

        assertThat(auth.toString()).isEqualTo("RegistryAuth[kind=USERNAME_PASSWORD, username=bob, secret=***, credentialsId=hub]");
    }

    @Test
    void toStringMasksTokens() {
        assertThat(RegistryAuth.identityToken("tok-abc").toString()).contains("secret=***").doesNotContain("tok-abc");
        assertThat(RegistryAuth.bearerToken("tok-def").toString()).contains("secret=***").doesNotContain("tok-def");
    }

    @Test
    void describesWhoWasTriedWithoutTheSecret() {
        assertThat(RegistryAuth.usernamePassword("bob", "hunter2").withCredentialsId("hub").describe())
                .isEqualTo("user 'bob' (credentials 'hub')");
        assertThat(RegistryAuth.anonymous().describe()).isEqualTo("anonymous access");
        assertThat(RegistryAuth.bearerToken("t").describe()).isEqualTo("a bearer token");
        assertThat(new RegistryAuth(RegistryAuth.Kind.IDENTITY_TOKEN, "bob", "t", null).describe())
                .isEqualTo("an identity token of user 'bob'");
    }

    @Test
    void survivesSerialisationWithItsSecret() throws Exception {
        RegistryAuth auth = RegistryAuth.usernamePassword("bob", "hunter2").withCredentialsId("hub");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(auth);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertThat(in.readObject()).isEqualTo(auth);
        }
    }

    @Test
    void refusesAPasswordWithoutUser() {
        assertThatThrownBy(() -> RegistryAuth.usernamePassword(" ", "pw")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesAnEmptyToken() {
        assertThatThrownBy(() -> RegistryAuth.bearerToken("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesASecretOnAnonymousAccess() {
        assertThatThrownBy(() -> new RegistryAuth(RegistryAuth.Kind.ANONYMOUS, null, "pw", null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
