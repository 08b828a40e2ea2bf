package io.gputraining.examples.pipeline;

import groovy.lang.Closure;

/** Runs a section's closure against the object that reads it, the usual way a Groovy DSL is read. */
final class DelegateCalls {

    private DelegateCalls() {
    }

    static void run(Closure<?> body, Object delegate) {
        body.setResolveStrategy(Closure.DELEGATE_FIRST);
        body.setDelegate(delegate);
        body.call();
    }
}
