package io.gputraining.engine.image;

import io.gputraining.engine.image.DockerConfigFile.AuthEntry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Registry logins from Docker's {@code config.json}, as {@code docker login} writes them and as docker-commons'
 * {@code withDockerRegistry} leaves them for a build (a temporary directory named by {@code DOCKER_CONFIG}).
 *
 * <p>An {@code auths} entry is found under the registry's host the way Docker finds it: the key as written,
 * else any key whose host part matches ({@code https://host:5000/} and {@code http://host/v2/}, as older Docker
 * versions wrote them); Docker Hub ({@code docker.io}) is filed under {@code https://index.docker.io/v1/}. An
 * entry's {@code identitytoken} wins over its {@code auth} (base64 {@code user:password}), as in Docker.
 * Logins kept by a credential helper are not read: {@link #forRegistry} says so with
 * {@link CredentialHelperNotSupportedException} rather than pulling anonymously. The file is read at every
 * lookup, so a login made after this object was built is seen.
 */
public final class DockerConfigCredentials implements RegistryCredentials {

    /** The key Docker files Docker Hub's login under. */
    public static final String INDEX_SERVER = "https://index.docker.io/v1/";
    /** Names Docker Hub goes by, in image references and in keys written by hand or by old clients. */
    private static final Set<String> HUB_HOSTS = Set.of(ImageRef.DOCKER_HUB, "index.docker.io", "registry-1.docker.io");
    private static final String FILE_NAME = "config.json";

    private final Path file;

    private DockerConfigCredentials(Path file) {
        this.file = file;
    }

    /** The logins of {@code directory}/config.json (the directory {@code DOCKER_CONFIG} names). */
    public static DockerConfigCredentials inDirectory(Path directory) {
        return new DockerConfigCredentials(directory.resolve(FILE_NAME));
    }

    /**
     * The logins Docker would use in this process: those of the directory {@code DOCKER_CONFIG} names, else of
     * the user's {@code ~/.docker}.
     *
     * @param dockerConfigVariable the value of {@code DOCKER_CONFIG} (a build's, or this process'), or null
     */
    public static DockerConfigCredentials of(String dockerConfigVariable) {
        return inDirectory(dockerConfigVariable == null || dockerConfigVariable.isBlank()
                ? Path.of(System.getProperty("user.home"), ".docker")
                : Path.of(dockerConfigVariable));
    }

    /** The config.json read; it need not exist. */
    public Path file() {
        return file;
    }

    /**
     * @return the login for {@code registryHost}, labelled with the file it came from; empty when the file has
     *         none (or does not exist), for anonymous access
     * @throws CredentialHelperNotSupportedException when the login is kept by a credential helper
     * @throws DockerConfigException                 when the file is not Docker's JSON or the entry does not decode
     */
    @Override
    public Optional<RegistryAuth> forRegistry(String registryHost) {
        DockerConfigFile config = DockerConfigFile.read(file);
        Optional<Map.Entry<String, AuthEntry>> entry = lookup(config.auths(), registryHost);
        if (entry.isPresent() && entry.get().getValue().hasInlineSecret()) {
            return Optional.of(toAuth(entry.get().getKey(), entry.get().getValue()).withCredentialsId(file.toString()));
        }
        Optional<Map.Entry<String, String>> helper = lookup(config.credHelpers(), registryHost);
        if (helper.isPresent()) {
            throw new CredentialHelperNotSupportedException(file, registryHost, helper.get().getValue(), "credHelpers");
        }
        // With a credsStore, docker login leaves an empty entry in the file and the secret in the store.
        if (entry.isPresent() && config.credsStore() != null) {
            throw new CredentialHelperNotSupportedException(file, registryHost, config.credsStore(), "credsStore");
        }
        return Optional.empty();
    }

    private RegistryAuth toAuth(String key, AuthEntry entry) {
        if (entry.identityToken() != null) {
            String user = entry.auth() == null ? entry.username() : decodeAuth(key, entry.auth())[0];
            return new RegistryAuth(RegistryAuth.Kind.IDENTITY_TOKEN, user == null || user.isEmpty() ? null : user,
                    entry.identityToken(), null);
        }
        if (entry.registryToken() != null) {
            return RegistryAuth.bearerToken(entry.registryToken());
        }
        if (entry.auth() != null) {
            String[] userAndPassword = decodeAuth(key, entry.auth());
            if (userAndPassword[0].isEmpty()) {
                throw badEntry(key, "has an \"auth\" with an empty user name");
            }
            return RegistryAuth.usernamePassword(userAndPassword[0], userAndPassword[1]);
        }
        if (entry.username() == null) {
            throw badEntry(key, "has a \"password\" but no \"username\"");
        }
        return RegistryAuth.usernamePassword(entry.username(), entry.password());
    }

    /** {@code auth} is base64 of {@code user:password}; the password may itself hold colons. */
    private String[] decodeAuth(String key, String auth) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(auth.strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw badEntry(key, "has an \"auth\" that is not base64");
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            throw badEntry(key, "has an \"auth\" that does not decode to user:password");
        }
        return new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
    }

    private DockerConfigException badEntry(String key, String what) {
        return new DockerConfigException(file, "entry '" + key + "' " + what, "Run docker login " + hostOf(key) + " again.");
    }

    /** The entry for {@code registryHost}: its exact key first, then the first key with the same host. */
    private static <V> Optional<Map.Entry<String, V>> lookup(Map<String, V> entries, String registryHost) {
        boolean hub = isHub(registryHost);
        String exact = hub ? INDEX_SERVER : registryHost;
        for (Map.Entry<String, V> e : entries.entrySet()) {
            if (e.getKey().equalsIgnoreCase(exact)) {
                return Optional.of(e);
            }
        }
        for (Map.Entry<String, V> e : entries.entrySet()) {
            String host = hostOf(e.getKey());
            if (hub ? isHub(host) : host.equalsIgnoreCase(registryHost)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    private static boolean isHub(String host) {
        return HUB_HOSTS.contains(host.toLowerCase(Locale.ROOT));
    }

    /** Docker's ConvertToHostname: {@code https://host:5000/v2/} and {@code host:5000} both name {@code host:5000}. */
    static String hostOf(String key) {
        String rest = key;
        String lower = key.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://")) {
            rest = key.substring("http://".length());
        } else if (lower.startsWith("https://")) {
            rest = key.substring("https://".length());
        }
        int slash = rest.indexOf('/');
        return slash < 0 ? rest : rest.substring(0, slash);
    }

    @Override
    public String toString() {
        return "DockerConfigCredentials[" + file + "]";
    }
}
