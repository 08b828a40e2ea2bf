package io.gputraining.engine.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Answers a registry's {@code 401} challenge with the {@code Authorization} header to retry with: for a
 * {@code Bearer} challenge it fetches a token from the challenge's realm (Docker's token protocol, with
 * the OAuth2 refresh-token form for identity tokens); for {@code Basic} it sends the user and password.
 */
public final class ChallengeResponder {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CLIENT_ID = "gpu-training";

    private final RegistryHttp http;

    public ChallengeResponder(RegistryHttp http) {
        this.http = http;
    }

    /**
     * @param challenges   the challenges of the 401 response
     * @param auth         what to authenticate with
     * @param endpoint     the registry that challenged
     * @param defaultScope the scope the caller needs ({@code repository:r:pull}); asked for along with the one
     *                     the challenge names, since a challenge to a HEAD names only pull while an upload
     *                     then needs push
     * @return the {@code Authorization} header value
     * @throws RegistryAuthenticationException when the challenge cannot be met with {@code auth}
     */
    String answer(List<AuthChallenge> challenges, RegistryAuth auth, RegistryEndpoint endpoint, String defaultScope)
            throws InterruptedException {
        for (AuthChallenge challenge : challenges) {
            if (challenge.isBearer()) {
                return "Bearer " + fetchToken(challenge, auth, endpoint, defaultScope);
            }
        }
        for (AuthChallenge challenge : challenges) {
            if (challenge.isBasic()) {
                if (auth.kind() == RegistryAuth.Kind.USERNAME_PASSWORD) {
                    return basic(auth);
                }
                throw new RegistryAuthenticationException(endpoint.registry(), auth.isAnonymous()
                        ? "it requires a user name and password, and none were given"
                        : "it requires a user name and password, but was given " + auth.describe(),
                        "Configure user-name/password credentials for " + endpoint.registry() + ".");
            }
        }
        String offered = challenges.stream().map(AuthChallenge::scheme).collect(Collectors.joining(", "));
        throw new RegistryAuthenticationException(endpoint.registry(),
                "it answered 401 with " + (offered.isEmpty() ? "no challenge we can read" : "only the unsupported scheme(s) " + offered),
                "Only Basic and Bearer (token) authentication are supported; check that " + endpoint.baseUri()
                        + " is a registry and not a proxy's login page.");
    }

    private String fetchToken(AuthChallenge challenge, RegistryAuth auth, RegistryEndpoint endpoint, String defaultScope)
            throws InterruptedException {
        String realmText = challenge.parameter("realm").orElse("");
        URI realm;
        try {
            realm = URI.create(realmText);
        } catch (IllegalArgumentException e) {
            realm = null;
        }
        if (realm == null || realm.getHost() == null || !(realm.getScheme().equals("https") || realm.getScheme().equals("http"))) {
            throw new RegistryResponseException("a manifest request to " + endpoint.baseUri(), 401,
                    "its Bearer challenge names no usable token realm ('" + realmText + "')",
                    "The registry's token authentication is misconfigured; tell its operator.");
        }
        String service = challenge.parameter("service").orElse("");
        String scope = withScope(challenge.parameter("scope").orElse(""), defaultScope);
        StringBuilder query = new StringBuilder();
        if (!service.isEmpty()) {
            query.append("service=").append(encode(service));
        }
        for (String s : scope.split(" ")) {
            query.append(query.length() == 0 ? "" : "&").append("scope=").append(encode(s));
        }
        HttpRequest request;
        if (auth.kind() == RegistryAuth.Kind.IDENTITY_TOKEN) {
            String form = query + "&grant_type=refresh_token&client_id=" + CLIENT_ID + "&refresh_token=" + encode(auth.secret());
            request = http.request(realm).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        } else {
            String sep = realm.getRawQuery() == null ? "?" : "&";
            HttpRequest.Builder get = http.request(URI.create(realmText + sep + query)).GET();
            if (auth.kind() == RegistryAuth.Kind.USERNAME_PASSWORD) {
                get.header("Authorization", basic(auth));
            }
            request = get.build();
        }
        HttpResponse<byte[]> response = http.send(request);
        int status = response.statusCode();
        RegistryErrorBody said = RegistryErrorBody.of(response.body());
        if (status == 401 || status == 403) {
            throw new RegistryAuthenticationException(endpoint.registry(),
                    "its token service " + realm.getScheme() + "://" + realm.getAuthority() + realm.getPath() + " rejected "
                            + auth.describe() + said.asSuffix("token service"), whatToCheck(auth, endpoint));
        }
        if (status != 200) {
            throw new RegistryResponseException(request.method() + " " + realm.getScheme() + "://" + realm.getAuthority()
                    + realm.getPath(), status, "the token service failed" + said.asSuffix("token service"),
                    "Retry later; if it persists, the registry's token service is failing.");
        }
        return tokenFrom(response.body(), realm);
    }

    private static String withScope(String challenged, String needed) {
        if (challenged.isBlank() || challenged.equals(needed)) {
            return needed;
        }
        return java.util.Arrays.asList(challenged.split(" ")).contains(needed) ? challenged : challenged + " " + needed;
    }

    private static String tokenFrom(byte[] body, URI realm) {
        try {
            JsonNode json = JSON.readTree(body);
            String token = json.path("token").asText("");
            if (token.isEmpty()) {
                token = json.path("access_token").asText("");
            }
            if (!token.isEmpty()) {
                return token;
            }
        } catch (IOException notJson) {
            // reported below
        }
        throw new RegistryResponseException("token request to " + realm.getAuthority() + realm.getPath(), -1,
                "the answer holds no token or access_token", "The registry's token service is misconfigured; tell its operator.");
    }

    /** What to do when {@code auth} was refused, by kind. */
    static String whatToCheck(RegistryAuth auth, RegistryEndpoint endpoint) {
        String where = auth.credentialsIdIfAny().map(id -> "credentials '" + id + "'").orElse("the credentials given");
        return switch (auth.kind()) {
            case ANONYMOUS -> "Configure credentials for " + endpoint.registry() + ".";
            case USERNAME_PASSWORD -> "Check the user name and password (or access token) in " + where
                    + "; try them with `docker login " + endpoint.registry() + "`.";
            case IDENTITY_TOKEN, BEARER_TOKEN -> "The token in " + where + " may have expired or been revoked; log in again "
                    + "and update it.";
        };
    }

    private static String basic(RegistryAuth auth) {
        String pair = auth.username() + ":" + auth.secret();
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
