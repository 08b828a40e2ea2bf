package io.gputraining.examples.pipeline;

import groovy.lang.Script;

/**
 * The base class of every Groovy file the harness runs (a Jenkinsfile, a shared library's {@code vars/*.groovy}):
 * a call to a method the script does not define is a step of the running build, as in Jenkins, where such calls
 * go to the step table of the Pipeline DSL.
 */
public abstract class PipelineScript extends Script {

    /** Groovy calls this for every method call the script itself does not answer. */
    public Object methodMissing(String name, Object args) {
        Build build = ((BuildBinding) getBinding()).build();
        return build.steps().invoke(name, (Object[]) args, build);
    }
}
