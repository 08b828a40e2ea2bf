package io.gputraining.examples.pipeline;

import groovy.lang.GroovyObjectSupport;
import groovy.lang.MissingPropertyException;

/**
 * The delegate of {@code environment { NAME = value }}: every assignment sets a build variable; every read
 * falls through to the script ({@code params}, {@code env}), because this delegate has no properties of its own.
 */
public final class EnvironmentSection extends GroovyObjectSupport {

    private final BuildEnvironment env;

    EnvironmentSection(BuildEnvironment env) {
        this.env = env;
    }

    @Override
    public void setProperty(String name, Object value) {
        env.put(name, value == null ? null : String.valueOf(value));
    }

    @Override
    public Object getProperty(String name) {
        throw new MissingPropertyException(name, EnvironmentSection.class);
    }
}
