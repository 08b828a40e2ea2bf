package io.gputraining.examples.pipeline;

import groovy.lang.Binding;

/**
 * The global variables a pipeline script sees ({@code env}, {@code params}, {@code currentBuild}, {@code scm}),
 * and the build they belong to, for {@link PipelineScript}'s step calls.
 */
final class BuildBinding extends Binding {

    private final Build build;

    BuildBinding(Build build) {
        this.build = build;
        setVariable("env", build.env());
        setVariable("params", build.params());
        setVariable("currentBuild", build.currentBuild());
        if (build.scm() != null) {
            setVariable("scm", build.scm());
        }
    }

    Build build() {
        return build;
    }
}
