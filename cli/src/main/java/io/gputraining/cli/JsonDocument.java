package io.gputraining.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;

/**
 * The one JSON document a command prints on stdout under {@code --json} (schema: docs/cli.md): {@code schemaVersion},
 * {@code command}, {@code exitCode}, then what the command adds ({@code report}, {@code model}, …) or, when it
 * failed, {@code error}.
 */
final class JsonDocument {

    /** Raised when a field is renamed or removed; adding a field keeps it. */
    static final int SCHEMA_VERSION = 1;

    private final ObjectMapper mapper = new ObjectMapper();
    private final ObjectNode root = mapper.createObjectNode();

    JsonDocument(String command) {
        root.put("schemaVersion", SCHEMA_VERSION);
        root.put("command", command);
        root.put("exitCode", 0); // placed here, so it reads first; set by print
    }

    /** Adds {@code value} (a map, list, record, string, number or JSON tree) under {@code key}. */
    JsonDocument put(String key, Object value) {
        root.set(key, mapper.valueToTree(value));
        return this;
    }

    /** Adds a document that is JSON already, e.g. the run manifest as the engine writes it. */
    JsonDocument putJson(String key, byte[] json) {
        try {
            JsonNode tree = mapper.readTree(json);
            root.set(key, tree);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The document of a command that failed: {@code error.type} is the exception's class, {@code error.message} its text. */
    static JsonDocument failure(String command, Exception e, int exitCode) {
        JsonDocument doc = new JsonDocument(command);
        ObjectNode error = doc.root.putObject("error");
        error.put("type", e.getClass().getSimpleName());
        error.put("message", e.getMessage());
        doc.root.put("exitCode", exitCode);
        return doc;
    }

    /** Prints the document as one line, with {@code exitCode}. */
    void print(PrintStream out, int exitCode) {
        root.put("exitCode", exitCode);
        try {
            out.println(mapper.writeValueAsString(root));
            out.flush();
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
