package io.gputraining.engine.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The parts of Docker's {@code config.json} that say how to log in to registries: the {@code auths} entries
 * (keyed by registry as {@code docker login} wrote them), {@code credsStore} and {@code credHelpers}. Other
 * settings (proxies, formats, plugins) are not read.
 *
 * @param path        the file, named in messages
 * @param auths       entries in file order, by their key
 * @param credsStore  the default credential helper's suffix ({@code desktop} for docker-credential-desktop), or null
 * @param credHelpers helper suffix per registry host
 */
record DockerConfigFile(Path path, Map<String, AuthEntry> auths, String credsStore, Map<String, String> credHelpers) {

    /** Read once: the mapper is immutable and thread-safe once configured. */
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * One {@code auths} entry. Docker writes {@code auth} (base64 of {@code user:password}) and, for OAuth2
     * registries, {@code identitytoken}; {@code registrytoken} is a bearer token sent as is. An empty entry
     * means the secret lives in a credential helper.
     */
    record AuthEntry(String auth, String identityToken, String registryToken, String username, String password) {

        boolean hasInlineSecret() {
            return auth != null || identityToken != null || registryToken != null || password != null;
        }
    }

    /**
     * Reads {@code file}; a missing file is a configuration without logins, as for Docker.
     *
     * @throws DockerConfigException when the file cannot be read or is not Docker's JSON
     */
    static DockerConfigFile read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return new DockerConfigFile(file, Map.of(), null, Map.of());
        } catch (IOException e) {
            throw new DockerConfigException(file, "cannot be read (" + e.getMessage() + ")",
                    "Check its permissions, or point DOCKER_CONFIG at a directory this user may read.");
        }
        if (text.isBlank()) {
            return new DockerConfigFile(file, Map.of(), null, Map.of());
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (IOException e) {
            // Jackson's message quotes the offending text, which may be a secret: give the position only.
            String where = e instanceof com.fasterxml.jackson.core.JsonProcessingException j && j.getLocation() != null
                    ? " at line " + j.getLocation().getLineNr() + ", column " + j.getLocation().getColumnNr() : "";
            throw new DockerConfigException(file, "is not valid JSON" + where,
                    "Fix or remove the file, then run docker login again.");
        }
        if (!root.isObject()) {
            throw new DockerConfigException(file, "is not a JSON object", "Fix or remove the file, then run docker login again.");
        }
        return new DockerConfigFile(file, auths(file, root.path("auths")), text(root, "credsStore"),
                strings(file, root.path("credHelpers")));
    }

    private static Map<String, AuthEntry> auths(Path file, JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw new DockerConfigException(file, "has an \"auths\" that is not an object", "Fix the file or run docker login again.");
        }
        Map<String, AuthEntry> entries = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            JsonNode v = e.getValue();
            if (!v.isObject()) {
                throw new DockerConfigException(file, "has an \"auths\" entry for '" + e.getKey() + "' that is not an object",
                        "Fix the file or run docker login " + e.getKey() + " again.");
            }
            entries.put(e.getKey(), new AuthEntry(text(v, "auth"), text(v, "identitytoken"), text(v, "registrytoken"),
                    text(v, "username"), text(v, "password")));
        }
        return Collections.unmodifiableMap(entries);
    }

    private static Map<String, String> strings(Path file, JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw new DockerConfigException(file, "has a \"credHelpers\" that is not an object", "Fix the file.");
        }
        Map<String, String> values = new LinkedHashMap<>();
        node.properties().forEach(e -> {
            String value = e.getValue().isTextual() ? e.getValue().asText() : null;
            if (value != null && !value.isBlank()) {
                values.put(e.getKey(), value);
            }
        });
        return Collections.unmodifiableMap(values);
    }

    /** A non-empty string field, or null: Docker writes empty strings and omits fields alike. */
    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isTextual() && !v.asText().isEmpty() ? v.asText() : null;
    }
}
