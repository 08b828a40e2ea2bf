package io.jenkins.plugins.gputraining;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import hudson.AbortException;
import hudson.model.Run;
import io.gputraining.engine.image.RegistryAuth;

/**
 * Turns a configured credentials id into the engine's {@link RegistryAuth}, looked up in the context of the run
 * (so folder credentials and the run's authentication apply, as the credentials plugin intends) and tracked as
 * used by it. The secret leaves Jenkins' {@code Secret} only here, just before it is sent to the agent.
 * <p>Username/password credentials are supported (a token can be stored as the password). Secret-text
 * credentials live in the plain-credentials plugin, which this plugin does not depend on.
 */
final class RegistryCredentialsLookup {

    private RegistryCredentialsLookup() {
    }

    /**
     * @param credentialsId the id configured for the registry, or null for anonymous access
     * @return the authentication, or null for anonymous access
     * @throws AbortException when the id names no username/password credentials this run may use
     */
    static RegistryAuth forRun(String credentialsId, String registryName, Run<?, ?> run) throws AbortException {
        if (credentialsId == null) {
            return null;
        }
        StandardUsernamePasswordCredentials credentials =
                CredentialsProvider.findCredentialById(credentialsId, StandardUsernamePasswordCredentials.class, run);
        if (credentials == null) {
            throw new AbortException(Messages.RegistryCredentialsLookup_NotFound(credentialsId, registryName));
        }
        CredentialsProvider.track(run, credentials);
        return RegistryAuth.usernamePassword(credentials.getUsername(), credentials.getPassword().getPlainText())
                .withCredentialsId(credentialsId);
    }
}
