package io.gputraining.engine.image;

import java.io.Serializable;
import java.util.Objects;
import java.util.Optional;

/**
 * How to authenticate to one registry: anonymously, with a user name and password (or a personal access
 * token used as password), with an identity token (the refresh token {@code docker login} stores for
 * OAuth2 registries), or with a ready registry bearer token sent as is.
 *
 * <p>The secret is a plain {@code String} because the value crosses Jenkins remoting to the agent; callers
 * should build it just before use and not keep it. {@link #toString()} never shows it.
 *
 * @param kind          which of the four forms this is
 * @param username      the user for {@link Kind#USERNAME_PASSWORD}; optional for an identity token; else null
 * @param secret        password or token; null only for {@link Kind#ANONYMOUS}
 * @param credentialsId the id of the stored credentials this came from (a Jenkins credentials id, a
 *                      CLI profile), named in error messages so a user knows which entry to fix; may be null
 */
public record RegistryAuth(Kind kind, String username, String secret, String credentialsId) implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The forms of registry authentication. */
    public enum Kind { ANONYMOUS, USERNAME_PASSWORD, IDENTITY_TOKEN, BEARER_TOKEN }

    public RegistryAuth {
        Objects.requireNonNull(kind, "kind");
        switch (kind) {
            case ANONYMOUS -> {
                if (username != null || secret != null) {
                    throw new IllegalArgumentException("anonymous access has no user name or secret");
                }
            }
            case USERNAME_PASSWORD -> {
                if (username == null || username.isBlank()) {
                    throw new IllegalArgumentException("a user name is required with a password");
                }
                Objects.requireNonNull(secret, "password");
            }
            case IDENTITY_TOKEN, BEARER_TOKEN -> {
                if (secret == null || secret.isBlank()) {
                    throw new IllegalArgumentException("the token must not be empty");
                }
            }
        }
    }

    /** No credentials: the registry's anonymous access (and token service) decides. */
    public static RegistryAuth anonymous() {
        return new RegistryAuth(Kind.ANONYMOUS, null, null, null);
    }

    /** A user and password, sent as HTTP Basic to the registry or to its token service. */
    public static RegistryAuth usernamePassword(String username, String password) {
        return new RegistryAuth(Kind.USERNAME_PASSWORD, username, password, null);
    }

    /** An OAuth2 refresh token (Docker's {@code identitytoken}), exchanged at the token service. */
    public static RegistryAuth identityToken(String token) {
        return new RegistryAuth(Kind.IDENTITY_TOKEN, null, token, null);
    }

    /** A registry access token sent as {@code Authorization: Bearer} without any exchange. */
    public static RegistryAuth bearerToken(String token) {
        return new RegistryAuth(Kind.BEARER_TOKEN, null, token, null);
    }

    /** The same authentication, labelled with the id of the stored credentials it came from. */
    public RegistryAuth withCredentialsId(String id) {
        return new RegistryAuth(kind, username, secret, id);
    }

    public Optional<String> credentialsIdIfAny() {
        return Optional.ofNullable(credentialsId);
    }

    public boolean isAnonymous() {
        return kind == Kind.ANONYMOUS;
    }

    /** Who was tried, for messages: {@code user 'bob' (credentials 'hub-bot')}; never the secret. */
    public String describe() {
        String who = switch (kind) {
            case ANONYMOUS -> "anonymous access";
            case USERNAME_PASSWORD -> "user '" + username + "'";
            case IDENTITY_TOKEN -> username == null ? "an identity token" : "an identity token of user '" + username + "'";
            case BEARER_TOKEN -> "a bearer token";
        };
        return credentialsId == null ? who : who + " (credentials '" + credentialsId + "')";
    }

    @Override
    public String toString() {
        return "RegistryAuth[kind=" + kind + ", username=" + username + ", secret=" + (secret == null ? null : "***")
                + ", credentialsId=" + credentialsId + "]";
    }
}
