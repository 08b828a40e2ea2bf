package io.gputraining.engine.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What a registry said in an error response: the distribution API's {@code {"errors":[{"code","message",
 * "detail"}]}}, summarised for a log line, or the start of whatever text it sent instead (a proxy's HTML).
 *
 * @param codes   the error codes, e.g. {@code MANIFEST_UNKNOWN}, {@code NAME_UNKNOWN}; empty when none
 * @param summary {@code CODE: message (detail); CODE: message}, or the text shortened; empty for an empty body
 */
public record RegistryErrorBody(List<String> codes, String summary) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_TEXT = 300;
    private static final int MAX_DETAIL = 120;

    public RegistryErrorBody {
        codes = List.copyOf(codes);
    }

    /** What {@code body} (an error response's, possibly empty or not JSON) says. */
    public static RegistryErrorBody of(byte[] body) {
        if (body == null || body.length == 0) {
            return new RegistryErrorBody(List.of(), "");
        }
        try {
            JsonNode errors = JSON.readTree(body).path("errors");
            if (errors.isArray() && !errors.isEmpty()) {
                List<String> codes = new ArrayList<>();
                List<String> parts = new ArrayList<>();
                for (JsonNode e : errors) {
                    String code = e.path("code").asText("");
                    String message = e.path("message").asText("");
                    codes.add(code);
                    parts.add((code.isEmpty() ? message : message.isEmpty() ? code : code + ": " + message) + detail(e.path("detail")));
                }
                return new RegistryErrorBody(codes, shorten(String.join("; ", parts)));
            }
        } catch (IOException notJson) {
            // Fall through: a proxy or load balancer answered with text or HTML; show its start.
        }
        return new RegistryErrorBody(List.of(), shorten(new String(body, StandardCharsets.UTF_8)));
    }

    // The detail tells apart errors with the same code (which blob is missing, which tag); long ones are noise.
    private static String detail(JsonNode detail) {
        if (detail.isMissingNode() || detail.isNull()) {
            return "";
        }
        String text = detail.isTextual() ? detail.asText() : detail.toString();
        return text.isEmpty() || text.length() > MAX_DETAIL ? "" : " (" + text + ")";
    }

    public boolean has(String code) {
        return codes.contains(code);
    }

    /** {@code " (registry said: …)"}, or empty when it said nothing. */
    public String asSuffix() {
        return asSuffix("registry");
    }

    /** {@code " (<who> said: …)"}, or empty when it said nothing. */
    String asSuffix(String who) {
        return summary.isEmpty() ? "" : " (" + who + " said: " + summary + ")";
    }

    private static String shorten(String text) {
        String flat = text.replaceAll("\\s+", " ").strip();
        return flat.length() <= MAX_TEXT ? flat : flat.substring(0, MAX_TEXT) + "…";
    }
}
