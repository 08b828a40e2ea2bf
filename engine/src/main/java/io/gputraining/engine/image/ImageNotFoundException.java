package io.gputraining.engine.image;

/** The registry answered, but has no manifest for the tag (or no such repository). */
public class ImageNotFoundException extends RegistryException {
    private static final long serialVersionUID = 1L;

    private final String registry;
    private final String repository;
    private final String tag;

    /**
     * @param endpoint          the registry asked
     * @param repository        the repository in it
     * @param tag               the tag that was not found
     * @param repositoryMissing whether the registry said the repository itself is unknown
     * @param registrySaid      the registry's error summary, or empty
     */
    public ImageNotFoundException(RegistryEndpoint endpoint, String repository, String tag, boolean repositoryMissing,
                                  String registrySaid) {
        super(message(endpoint, repository, tag, repositoryMissing, registrySaid));
        this.registry = endpoint.registry();
        this.repository = repository;
        this.tag = tag;
    }

    private static String message(RegistryEndpoint endpoint, String repository, String tag, boolean repositoryMissing,
                                  String registrySaid) {
        String what = repositoryMissing
                ? "Image " + repository + ":" + tag + " not found: repository " + repository + " does not exist at " + endpoint.registry()
                : "Image tag " + tag + " does not exist in " + repository + " at " + endpoint.registry();
        String said = registrySaid.isEmpty() ? "" : " (registry said: " + registrySaid + ")";
        return what + said + ". Check the image name and tag for typos, or list the tags with `curl "
                + endpoint.tagsListUri(repository) + "` (add credentials if the registry needs them) or `skopeo list-tags docker://"
                + endpoint.registry() + "/" + repository + "`.";
    }

    public String registry() {
        return registry;
    }

    public String repository() {
        return repository;
    }

    public String tag() {
        return tag;
    }
}
