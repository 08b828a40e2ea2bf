package io.gputraining.examples.pipeline;

import groovy.lang.GroovyObjectSupport;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code env} of a build: the variables the build sets ({@code BRANCH_NAME}, {@code BUILD_URL}, what
 * {@code environment { }} and scripts assign) over the agent's own environment, as Jenkins layers them. Scripts
 * read and write it as properties ({@code env.BRANCH_NAME}); an unset name reads as null, as in Jenkins.
 */
public final class BuildEnvironment extends GroovyObjectSupport {

    private final Map<String, String> agent;
    private final Map<String, String> build = new LinkedHashMap<>();

    BuildEnvironment(Map<String, String> agent) {
        this.agent = Map.copyOf(agent);
    }

    @Override
    public Object getProperty(String name) {
        return get(name);
    }

    @Override
    public void setProperty(String name, Object value) {
        put(name, value == null ? null : String.valueOf(value));
    }

    /** The build's value, else the agent's; null when neither has it. */
    public String get(String name) {
        return build.containsKey(name) ? build.get(name) : agent.get(name);
    }

    /** Sets a build variable; null removes it. */
    public void put(String name, String value) {
        if (value == null) {
            build.remove(name);
        } else {
            build.put(name, value);
        }
    }

    /** Only what the build set: what reaches a container's processes, as the plugin passes it. */
    public Map<String, String> buildVariables() {
        return Map.copyOf(build);
    }

    /** Everything the build's steps see, the agent's variables included. */
    public Map<String, String> all() {
        Map<String, String> all = new LinkedHashMap<>(agent);
        all.putAll(build);
        return all;
    }
}
