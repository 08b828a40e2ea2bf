package io.gputraining.engine.image;

/**
 * The login for a registry is kept by a Docker credential helper ({@code credsStore} or {@code credHelpers} in
 * {@code config.json}), which the engine does not run: it reads only the logins written into the file itself.
 */
public class CredentialHelperNotSupportedException extends DockerConfigException {
    private static final long serialVersionUID = 1L;

    private final String registry;

    /**
     * @param file     the config.json that names the helper
     * @param registry the registry whose login is wanted
     * @param helper   the helper's suffix, as the file names it ({@code pass} for docker-credential-pass)
     * @param setting  {@code credsStore} or {@code credHelpers}
     */
    public CredentialHelperNotSupportedException(java.nio.file.Path file, String registry, String helper, String setting) {
        super(file, "keeps the login for " + registry + " in the credential helper docker-credential-" + helper
                        + " (" + setting + "), and gpu-training does not run credential helpers",
                "Log in with a config that keeps the login in the file: DOCKER_CONFIG=$(mktemp -d) docker login "
                        + registry + ", then run with that DOCKER_CONFIG (in Jenkins, withDockerRegistry writes such a"
                        + " config unless the agent's own config.json names a credHelpers entry for " + registry + ").");
        this.registry = registry;
    }

    public String registry() {
        return registry;
    }
}
