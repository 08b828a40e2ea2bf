package io.gputraining.reliability.secrets;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Searches everything a run produced (named places of text) for every secret it was given. */
final class SecretSearch {

    private final Map<String, String> secrets;
    private final Map<String, String> places = new LinkedHashMap<>();

    /** @param secrets a name for each secret (never the value: reports must not leak it either), and its value */
    SecretSearch(Map<String, String> secrets) {
        this.secrets = Map.copyOf(secrets);
    }

    SecretSearch in(String place, String text) {
        places.merge(place, text == null ? "" : text, (a, b) -> a + "\n" + b);
        return this;
    }

    /** One line per secret found in a place, e.g. {@code training token in docker inspect}; empty when none leaked. */
    List<String> leaks() {
        List<String> leaks = new ArrayList<>();
        places.forEach((place, text) -> secrets.forEach((name, value) -> {
            if (text.contains(value)) {
                leaks.add(name + " in " + place);
            }
        }));
        return leaks;
    }

    /** The places searched and their sizes, for the trial's detail. */
    String searched() {
        List<String> out = new ArrayList<>();
        places.forEach((place, text) -> out.add(place + " (" + text.length() + " chars)"));
        return secrets.size() + " secret(s) absent from " + String.join(", ", out);
    }

    /** The whole text of an exception: messages, causes, suppressed, stack trace. */
    static String chainOf(Throwable t) {
        java.io.StringWriter w = new java.io.StringWriter();
        t.printStackTrace(new java.io.PrintWriter(w));
        StringBuilder all = new StringBuilder(w.toString());
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            all.append('\n').append(c).append('\n').append(c.getMessage());
        }
        return all.toString();
    }
}
