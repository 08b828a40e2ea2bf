package io.gputraining.engine.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Error bodies captured from docker-registry 2.8.2 (Debian), in src/test/resources. */
class RegistryErrorBodyTest {

    private static byte[] captured(String name) throws IOException {
        try (InputStream in = RegistryErrorBodyTest.class.getResourceAsStream("registry-2.8.2/" + name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void summarisesCodeMessageAndShortDetail() throws IOException {
        RegistryErrorBody body = RegistryErrorBody.of(captured("manifest-unknown.json"));

        assertThat(body.summary()).isEqualTo("MANIFEST_UNKNOWN: manifest unknown ({\"Tag\":\"v1\"})");
        assertThat(body.has("MANIFEST_UNKNOWN")).isTrue();
    }

    @Test
    void recognisesAnUnknownRepository() throws IOException {
        assertThat(RegistryErrorBody.of(captured("name-unknown.json")).codes()).containsExactly("NAME_UNKNOWN");
    }

    @Test
    void listsEveryErrorTellingThemApartByDetail() throws IOException {
        assertThat(RegistryErrorBody.of(captured("manifest-blob-unknown-twice.json")).summary()).isEqualTo(
                "MANIFEST_BLOB_UNKNOWN: blob unknown to registry (sha256:0000000000000000000000000000000000000000000000000000000000000000); "
                        + "MANIFEST_BLOB_UNKNOWN: blob unknown to registry (sha256:1111111111111111111111111111111111111111111111111111111111111111)");
    }

    @Test
    void showsTheStartOfATextBodyThatIsNotRegistryJson() {
        String html = "<html>\n<head><title>502 Bad Gateway</title></head>\n<body>" + "x".repeat(400) + "</body></html>";

        RegistryErrorBody body = RegistryErrorBody.of(html.getBytes(StandardCharsets.UTF_8));

        assertThat(body.codes()).isEmpty();
        assertThat(body.summary()).startsWith("<html> <head><title>502 Bad Gateway</title></head>").hasSize(301).endsWith("…");
    }

    @Test
    void saysNothingForAnEmptyBody() {
        RegistryErrorBody body = RegistryErrorBody.of(new byte[0]);

        assertThat(body.summary()).isEmpty();
        assertThat(body.asSuffix()).isEmpty();
    }

    @Test
    void namesWhoSaidIt() throws IOException {
        assertThat(RegistryErrorBody.of(captured("unauthorized.json")).asSuffix("token service"))
                .startsWith(" (token service said: UNAUTHORIZED: authentication required (");
    }
}
