package io.gputraining.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code -e} gives, as {@code docker run -e} takes it: {@code NAME=VALUE}, or {@code NAME} alone for the
 * value this CLI's own environment holds, so that a secret need not be written on the command line (where
 * {@code ps} shows it to every user of the host).
 */
final class EnvironmentEntries {

    private EnvironmentEntries() {
    }

    /**
     * @param entries the {@code -e} values in order; a later one wins
     * @param here    this process' environment
     * @throws IllegalArgumentException for an entry without name, or a bare name that is not set here
     */
    static Map<String, String> parse(List<String> entries, Map<String, String> here) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String entry : entries) {
            int eq = entry.indexOf('=');
            String name = eq < 0 ? entry : entry.substring(0, eq);
            if (name.isEmpty()) {
                throw new IllegalArgumentException("-e '" + entry + "' has no variable name: give NAME=VALUE, or NAME to pass"
                        + " the value of NAME in this environment.");
            }
            if (eq >= 0) {
                env.put(name, entry.substring(eq + 1));
            } else if (here.containsKey(name)) {
                env.put(name, here.get(name));
            } else {
                throw new IllegalArgumentException("-e " + name + " passes the variable " + name + " of this environment, but it"
                        + " is not set here: export it first, or give -e " + name + "=VALUE.");
            }
        }
        return env;
    }
}
