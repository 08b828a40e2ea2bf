package io.gputraining.engine.image;

import java.util.Optional;

/**
 * Looks up the credentials to use for a registry. The Jenkins step fills it from the run's credentials,
 * the CLI from its configuration or Docker's {@code config.json}.
 */
@FunctionalInterface
public interface RegistryCredentials {

    /**
     * @param registryHost the registry as written in the image reference ({@link ImageRef#registry()}), with
     *                     port when it has one; Docker Hub is {@code docker.io} (which Docker's
     *                     {@code config.json} files under {@code https://index.docker.io/v1/})
     * @return the authentication to use, or empty for anonymous access
     */
    Optional<RegistryAuth> forRegistry(String registryHost);

    /** No credentials for any registry. */
    static RegistryCredentials none() {
        return host -> Optional.empty();
    }
}
