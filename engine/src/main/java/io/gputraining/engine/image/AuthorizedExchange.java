package io.gputraining.engine.image;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

/**
 * The requests of one resolution (or one upload) against one repository, sharing the authorization won by
 * answering the first challenge, so a GET after a HEAD does not fetch a second token. Not thread-safe; one
 * per call. Public so that other registry clients of the engine (the OCI model registry) share this
 * authentication instead of copying it.
 */
public final class AuthorizedExchange {

    private final RegistryHttp http;
    private final ChallengeResponder responder;
    private final RegistryEndpoint endpoint;
    private final String repository;
    private final RegistryAuth auth;
    private final String actions;
    private String authorization;
    private boolean challengeAnswered;

    AuthorizedExchange(RegistryHttp http, ChallengeResponder responder, RegistryEndpoint endpoint, String repository,
                       RegistryAuth auth) {
        this(http, responder, endpoint, repository, auth, "pull");
    }

    /**
     * @param actions what the requests need of {@code repository}, as in a token scope: {@code pull}, or
     *                {@code pull,push} to upload; asked of the token service along with what a challenge names
     */
    public AuthorizedExchange(RegistryHttp http, ChallengeResponder responder, RegistryEndpoint endpoint, String repository,
                              RegistryAuth auth, String actions) {
        this.http = http;
        this.responder = responder;
        this.endpoint = endpoint;
        this.repository = repository;
        this.auth = auth;
        this.actions = actions;
        // A ready bearer token is sent up front; other credentials only in answer to a challenge, as Docker
        // does, so that a password never goes to a registry that did not ask for it.
        this.authorization = auth.kind() == RegistryAuth.Kind.BEARER_TOKEN ? "Bearer " + auth.secret() : null;
    }

    /**
     * Sends the request, answering one 401 challenge and retrying.
     *
     * @return the response, never 401 or 403
     * @throws RegistryAuthenticationException when access is refused after the challenge was answered
     */
    public HttpResponse<byte[]> send(HttpRequest.Builder request) throws InterruptedException {
        HttpResponse<byte[]> response = http.send(authorized(request));
        if (response.statusCode() == 401 && !challengeAnswered && auth.kind() != RegistryAuth.Kind.BEARER_TOKEN) {
            List<AuthChallenge> challenges = AuthChallenge.parse(response.headers().allValues("WWW-Authenticate"));
            authorization = responder.answer(challenges, auth, endpoint, "repository:" + repository + ":" + actions);
            challengeAnswered = true;
            response = http.send(authorized(request));
        }
        if (response.statusCode() == 401 || response.statusCode() == 403) {
            throw refused(response);
        }
        return response;
    }

    private HttpRequest authorized(HttpRequest.Builder request) {
        HttpRequest.Builder copy = request.copy();
        if (authorization != null) {
            copy.setHeader("Authorization", authorization);
        }
        return copy.build();
    }

    private RegistryAuthenticationException refused(HttpResponse<byte[]> response) {
        String access = actions.contains("push") ? "push" : "pull";
        RegistryErrorBody said = RegistryErrorBody.of(response.body());
        String reason = said.summary().isEmpty()
                ? AuthChallenge.parse(response.headers().allValues("WWW-Authenticate")).stream()
                        .map(c -> c.parameter("error").orElse("")).filter(e -> !e.isEmpty()).findFirst().orElse("")
                : said.summary();
        String suffix = reason.isEmpty() ? "" : " (registry said: " + reason + ")";
        String registry = endpoint.registry();
        if (auth.isAnonymous()) {
            return new RegistryAuthenticationException(registry, "anonymous access to " + repository + " was refused"
                    + suffix + "; the repository may be private, or may not exist",
                    "Configure credentials for " + registry + " that may " + access + " " + repository + ", and check the repository name.");
        }
        boolean tokenFlow = authorization != null && authorization.startsWith("Bearer ") && challengeAnswered;
        if (response.statusCode() == 403 || tokenFlow) {
            return new RegistryAuthenticationException(registry, auth.describe() + " may not " + access + " " + repository + suffix
                    + (tokenFlow ? "; the token service accepted the credentials but granted no " + access + " access" : ""),
                    "Check that this account has " + access + " access to " + repository + " and that the repository name is right.");
        }
        return new RegistryAuthenticationException(registry, "the registry rejected " + auth.describe() + suffix,
                ChallengeResponder.whatToCheck(auth, endpoint));
    }
}
