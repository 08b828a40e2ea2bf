package io.gputraining.examples.pipeline;

import groovy.lang.Closure;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One step call as Groovy made it: {@code sh 'make'} has one positional argument, {@code gpuHealthCheck image: x}
 * named ones, {@code stage('a') { … }} a positional argument and a body.
 *
 * @param step       the step's name
 * @param named      the named arguments, in the order written
 * @param positional the other arguments
 * @param body       the block, or null
 */
public record StepCall(String step, Map<String, Object> named, List<Object> positional, Closure<?> body) {

    static StepCall of(String step, Object[] args) {
        Map<String, Object> named = new LinkedHashMap<>();
        List<Object> positional = new ArrayList<>();
        Closure<?> body = null;
        for (int i = 0; i < args.length; i++) {
            Object arg = args[i];
            if (i == 0 && arg instanceof Map<?, ?> map) {
                map.forEach((k, v) -> named.put(String.valueOf(k), v));
            } else if (i == args.length - 1 && arg instanceof Closure<?> closure) {
                body = closure;
            } else {
                positional.add(arg);
            }
        }
        return new StepCall(step, named, positional, body);
    }

    /** The single positional argument, or the named one: {@code sh 'x'} and {@code sh script: 'x'} are one call. */
    public Object soleArgument(String name) {
        if (positional.size() == 1 && named.isEmpty()) {
            return positional.get(0);
        }
        if (positional.isEmpty() && named.containsKey(name)) {
            return named.get(name);
        }
        throw new PipelineFailure(step + " takes one argument, " + name + ", got " + named.keySet() + " " + positional);
    }

    /** The block; a step that needs one says so. */
    public Closure<?> requireBody() {
        if (body == null) {
            throw new PipelineFailure(step + " needs a block: " + step + "(…) { … }");
        }
        return body;
    }
}
