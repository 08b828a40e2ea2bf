package io.gputraining.engine.image;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A minimal token service for a registry configured with {@code auth: token}: it issues ES256 JWTs in the
 * format distribution verifies (x5c header chaining to the registry's {@code rootcertbundle}, issuer,
 * audience = service, {@code access} claims). Like Docker Hub's, it gives anonymous callers a token that
 * grants nothing, refuses wrong passwords with 401, and takes identity tokens by OAuth2 refresh-token POST.
 * The registry, not this server, decides whether a token grants the request.
 */
final class TestTokenServer implements AutoCloseable {

    static final String ISSUER = "gpu-training-test-issuer";
    static final String SERVICE = "gpu-training-test-registry";

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpServer server;
    private final TestCertificate signer;
    private final RegistryAuth user;
    private final String identityToken;
    private final List<String> requests = new CopyOnWriteArrayList<>();

    /**
     * @param signer        the key that signs tokens; its certificate must be in the registry's rootcertbundle
     * @param user          the only user (username and password) granted pull
     * @param identityToken the refresh token that stands for the same user
     */
    TestTokenServer(TestCertificate signer, RegistryAuth user, String identityToken) throws IOException {
        this.signer = signer;
        this.user = user;
        this.identityToken = identityToken;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/token", this::handle);
        server.start();
    }

    URI realm() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/token");
    }

    /** {@code METHOD query-or-form, authorization scheme} of each request, for checking what was asked. */
    List<String> requests() {
        return List.copyOf(requests);
    }

    /** A token granting pull on {@code repository}, as a client holding a ready bearer token would have. */
    String pullToken(String repository) throws GeneralSecurityException {
        return jwt(user.username(), List.of("repository:" + repository + ":pull"));
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, List<String>> params;
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            boolean post = exchange.getRequestMethod().equals("POST");
            String raw = post ? new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)
                    : exchange.getRequestURI().getRawQuery();
            params = decode(raw);
            requests.add(exchange.getRequestMethod() + " " + (raw == null ? "" : raw.replace(identityToken, "***"))
                    + ", auth=" + (authorization == null ? "none" : authorization.split(" ")[0]));
            if (!List.of(SERVICE).equals(params.get("service"))) {
                reply(exchange, 400, "{\"errors\":[{\"code\":\"INVALID_REQUEST\",\"message\":\"unknown service\"}]}");
                return;
            }
            List<String> scopes = params.getOrDefault("scope", List.of());
            if (post) {
                boolean valid = List.of("refresh_token").equals(params.get("grant_type"))
                        && List.of(identityToken).equals(params.get("refresh_token"));
                if (!valid) {
                    reply(exchange, 401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"invalid refresh token\"}]}");
                    return;
                }
                reply(exchange, 200, "{\"access_token\":\"" + jwt(user.username(), scopes) + "\",\"expires_in\":300}");
                return;
            }
            if (authorization == null) {
                reply(exchange, 200, "{\"token\":\"" + jwt("", List.of()) + "\",\"expires_in\":300}");
                return;
            }
            String expected = "Basic " + Base64.getEncoder().encodeToString(
                    (user.username() + ":" + user.secret()).getBytes(StandardCharsets.UTF_8));
            if (!authorization.equals(expected)) {
                reply(exchange, 401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"invalid username or password\"}]}");
                return;
            }
            reply(exchange, 200, "{\"token\":\"" + jwt(user.username(), scopes) + "\",\"expires_in\":300}");
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    private String jwt(String subject, List<String> scopes) throws GeneralSecurityException {
        ObjectNode header = JSON.createObjectNode().put("typ", "JWT").put("alg", "ES256");
        header.putArray("x5c").add(Base64.getEncoder().encodeToString(signer.certificate().getEncoded()));
        long now = Instant.now().getEpochSecond();
        ObjectNode claims = JSON.createObjectNode().put("iss", ISSUER).put("sub", subject).put("aud", SERVICE)
                .put("exp", now + 300).put("nbf", now - 10).put("iat", now).put("jti", UUID.randomUUID().toString());
        ArrayNode access = claims.putArray("access");
        for (String scope : scopes) {
            String[] parts = scope.split(":"); // repository:name:actions
            ObjectNode entry = access.addObject().put("type", parts[0]).put("name", parts[1]);
            ArrayNode actions = entry.putArray("actions");
            for (String action : parts[2].split(",")) {
                if (action.equals("pull")) {
                    actions.add(action);
                }
            }
        }
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        String signingInput = url.encodeToString(header.toString().getBytes(StandardCharsets.UTF_8)) + "."
                + url.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8));
        // JWS wants the raw r||s pair, not DER.
        Signature es256 = Signature.getInstance("SHA256withECDSAinP1363Format");
        es256.initSign(signer.privateKey());
        es256.update(signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + "." + url.encodeToString(es256.sign());
    }

    private static Map<String, List<String>> decode(String raw) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return params;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return params;
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
