package io.gputraining.engine.image;

/**
 * The registry (or its token service) refused the credentials, or wanted credentials that were not given.
 * The message names the registry and who was tried, never the secret.
 */
public class RegistryAuthenticationException extends RegistryException {
    private static final long serialVersionUID = 1L;

    private final String registry;

    /**
     * @param registry the registry, as named in the image reference
     * @param what     what happened, naming who was tried ({@link RegistryAuth#describe()})
     * @param toDo     what the user can do about it
     */
    public RegistryAuthenticationException(String registry, String what, String toDo) {
        super("Authentication to registry " + registry + " failed: " + what + ". " + toDo);
        this.registry = registry;
    }

    public String registry() {
        return registry;
    }
}
