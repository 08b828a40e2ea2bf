package io.gputraining.engine.docker;

import com.github.dockerjava.api.model.AuthConfig;
import io.gputraining.engine.image.RegistryAuth;

/** Hands registry credentials to the daemon in the form its pull API takes (the X-Registry-Auth header). */
final class RegistryAuthConfigs {

    private RegistryAuthConfigs() {
    }

    static AuthConfig apply(AuthConfig config, RegistryAuth auth) {
        return switch (auth.kind()) {
            case ANONYMOUS -> config;
            case USERNAME_PASSWORD -> config.withUsername(auth.username()).withPassword(auth.secret());
            case IDENTITY_TOKEN -> config.withIdentityToken(auth.secret());
            case BEARER_TOKEN -> config.withRegistrytoken(auth.secret());
        };
    }
}
