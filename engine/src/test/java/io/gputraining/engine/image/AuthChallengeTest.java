package io.gputraining.engine.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuthChallengeTest {

    // Captured from docker-registry 2.8.2 (Debian) with auth: token, on a manifest GET without a token.
    private static final String REGISTRY_BEARER =
            "Bearer realm=\"http://127.0.0.1:35457/token\",service=\"gpu-training-test-registry\",scope=\"repository:gt/tiny:pull\"";
    // The same registry, given a token that grants nothing.
    private static final String REGISTRY_INSUFFICIENT_SCOPE = "Bearer realm=\"http://127.0.0.1:35457/token\","
            + "service=\"gpu-training-test-registry\",scope=\"repository:gt/tiny:pull\",error=\"insufficient_scope\"";
    // Captured from docker-registry 2.8.2 with auth: htpasswd.
    private static final String REGISTRY_BASIC = "Basic realm=\"gt-test-realm\"";
    // Docker Hub's challenge as distribution's token authentication spec (docs/spec/auth/token.md) shows it.
    private static final String DOCKER_HUB = "Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\","
            + "scope=\"repository:samalba/my-app:pull,push\"";

    @Test
    void readsRealmServiceAndScopeOfABearerChallenge() {
        List<AuthChallenge> challenges = AuthChallenge.parse(List.of(REGISTRY_BEARER));

        assertThat(challenges).containsExactly(new AuthChallenge("bearer", Map.of("realm", "http://127.0.0.1:35457/token",
                "service", "gpu-training-test-registry", "scope", "repository:gt/tiny:pull")));
        assertThat(challenges.get(0).isBearer()).isTrue();
    }

    @Test
    void keepsCommasInsideQuotedValues() {
        AuthChallenge hub = AuthChallenge.parse(List.of(DOCKER_HUB)).get(0);

        assertThat(hub.parameter("scope")).hasValue("repository:samalba/my-app:pull,push");
        assertThat(hub.parameter("service")).hasValue("registry.docker.io");
    }

    @Test
    void readsTheErrorOfAnInsufficientScopeChallenge() {
        assertThat(AuthChallenge.parse(List.of(REGISTRY_INSUFFICIENT_SCOPE)).get(0).parameter("error"))
                .hasValue("insufficient_scope");
    }

    @Test
    void readsABasicChallenge() {
        AuthChallenge basic = AuthChallenge.parse(List.of(REGISTRY_BASIC)).get(0);

        assertThat(basic.isBasic()).isTrue();
        assertThat(basic.parameter("REALM")).hasValue("gt-test-realm");
    }

    @Test
    void splitsSeveralChallengesInOneHeader() {
        List<AuthChallenge> challenges = AuthChallenge.parse(List.of(REGISTRY_BASIC + ", " + DOCKER_HUB));

        assertThat(challenges).extracting(AuthChallenge::scheme).containsExactly("basic", "bearer");
        assertThat(challenges.get(1).parameters()).containsKeys("realm", "service", "scope");
    }

    @Test
    void readsChallengesFromSeveralHeadersAndUnquotedValues() {
        List<AuthChallenge> challenges = AuthChallenge.parse(List.of("Negotiate", "Bearer realm=https://r.example/token, service = reg"));

        assertThat(challenges).extracting(AuthChallenge::scheme).containsExactly("negotiate", "bearer");
        assertThat(challenges.get(1).parameters()).containsExactly(Map.entry("realm", "https://r.example/token"), Map.entry("service", "reg"));
    }

    @Test
    void unescapesQuotedPairs() {
        assertThat(AuthChallenge.parse(List.of("Basic realm=\"say \\\"hi\\\"\"")).get(0).parameter("realm")).hasValue("say \"hi\"");
    }

    @Test
    void stopsAtMalformedInputInsteadOfLooping() {
        assertThat(AuthChallenge.parse(List.of("Bearer realm=\"unterminated", "=oops", "Negotiate abc==", "")))
                .extracting(AuthChallenge::scheme).containsExactly("bearer", "negotiate");
    }
}
