package io.gputraining.engine.steps;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Environment for a training or a command, as {@code docker run -e} takes it: {@code NAME=VALUE}, or {@code NAME} alone
 * for the value the caller's environment holds, so that a secret need not be written where it is kept or shown (a
 * Jenkinsfile, a command line that {@code ps} shows every user). The names given alone are the secrets' names: their
 * values are the ones to mask wherever output is shown.
 *
 * @param variables     every variable, in the order given; a later entry for a name wins
 * @param passedThrough the names whose values came from the caller's environment
 */
public record EnvironmentEntries(Map<String, String> variables, Set<String> passedThrough) {

    /** Where bare names are looked up, and how to say that one is missing there. */
    public enum Source {
        /** The CLI's own environment, for {@code -e NAME}. */
        PROCESS {
            @Override
            String notSet(String name) {
                return "-e " + name + " passes the variable " + name + " of this environment, but it is not set here: export it"
                        + " first, or give -e " + name + "=VALUE.";
            }

            @Override
            String noName(String entry) {
                return "-e '" + entry + "' has no variable name: give NAME=VALUE, or NAME to pass the value of NAME in this"
                        + " environment.";
            }
        },
        /** A build's environment on its agent, for a step's {@code env: ['NAME']}: what {@code withCredentials} binds. */
        BUILD {
            @Override
            String notSet(String name) {
                return "env entry '" + name + "' passes the build's variable " + name + ", but the build has none: bind it around"
                        + " the step (withCredentials([string(credentialsId: '…', variable: '" + name + "')]) { … }, or withEnv),"
                        + " or give '" + name + "=VALUE'.";
            }

            @Override
            String noName(String entry) {
                return "env entry '" + entry + "' has no variable name: give NAME=VALUE, or NAME alone to pass the build's"
                        + " variable NAME (a secret withCredentials binds).";
            }
        };

        abstract String notSet(String name);

        abstract String noName(String entry);
    }

    public EnvironmentEntries {
        variables = Collections.unmodifiableMap(new LinkedHashMap<>(variables));
        passedThrough = Set.copyOf(passedThrough);
    }

    /**
     * @param entries the entries in order; a later one for the same name wins
     * @param here    the environment bare names are looked up in
     * @param source  what {@code here} is, for the messages
     * @throws InvalidStepSettingsException for an entry without name, or a bare name {@code here} does not have
     */
    public static EnvironmentEntries parse(List<String> entries, Map<String, String> here, Source source) {
        Map<String, String> env = new LinkedHashMap<>();
        Set<String> passed = new LinkedHashSet<>();
        for (String entry : entries) {
            int eq = entry.indexOf('=');
            String name = eq < 0 ? entry.strip() : entry.substring(0, eq);
            if (name.isEmpty()) {
                throw new InvalidStepSettingsException(source.noName(entry));
            }
            if (eq >= 0) {
                env.put(name, entry.substring(eq + 1));
                passed.remove(name);
            } else if (here.containsKey(name)) {
                env.put(name, here.get(name));
                passed.add(name);
            } else {
                throw new InvalidStepSettingsException(source.notSet(name));
            }
        }
        return new EnvironmentEntries(env, passed);
    }

    /** The values that came from the caller's environment: the ones to mask in logs. Empty values are left out. */
    public List<String> passedValues() {
        return passedThrough.stream().map(variables::get).filter(v -> v != null && !v.isEmpty()).toList();
    }
}
