package io.gputraining.examples.steps;

import io.gputraining.examples.pipeline.PipelineFailure;
import io.gputraining.examples.pipeline.StepCall;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A step's named arguments read the way Jenkins binds them to a step's {@code @DataBoundConstructor} and
 * {@code @DataBoundSetter}s: an unknown name or a value of the wrong type fails the step; a missing, null or
 * blank one is the parameter's default (the plugin's setters turn blank into the default too).
 */
final class StepArguments {

    private final String step;
    private final Map<String, Object> named;

    private StepArguments(String step, Map<String, Object> named) {
        this.step = step;
        this.named = named;
    }

    /** @throws PipelineFailure for positional arguments or names the step does not take */
    static StepArguments of(StepCall call, List<String> parameters) {
        if (!call.positional().isEmpty()) {
            throw new PipelineFailure(call.step() + " takes named arguments (" + String.join(", ", parameters) + "), got "
                    + call.positional());
        }
        Set<String> unknown = new TreeSet<>(call.named().keySet());
        unknown.removeAll(parameters);
        if (!unknown.isEmpty()) {
            throw new PipelineFailure("Unknown parameter(s) found for " + call.step() + ": " + unknown + "; it takes "
                    + String.join(", ", parameters) + ".");
        }
        return new StepArguments(call.step(), call.named());
    }

    String string(String name, String fallback) {
        Object value = named.get(name);
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof CharSequence text)) {
            throw wrongType(name, "a string", value);
        }
        String stripped = text.toString().strip();
        return stripped.isEmpty() ? fallback : stripped;
    }

    String requiredString(String name) {
        String value = string(name, null);
        if (value == null) {
            throw new PipelineFailure(step + " needs " + name + ":");
        }
        return value;
    }

    int integer(String name, int fallback) {
        return Math.toIntExact(number(name, fallback));
    }

    long number(String name, long fallback) {
        Object value = named.get(name);
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte)) {
            throw wrongType(name, "a whole number", value);
        }
        return ((Number) value).longValue();
    }

    boolean bool(String name, boolean fallback) {
        Object value = named.get(name);
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof Boolean b)) {
            throw wrongType(name, "true or false", value);
        }
        return b;
    }

    List<String> strings(String name) {
        Object value = named.get(name);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            throw wrongType(name, "a list of strings", value);
        }
        List<String> strings = new ArrayList<>();
        for (Object item : list) {
            strings.add(String.valueOf(item));
        }
        return strings;
    }

    private PipelineFailure wrongType(String name, String expected, Object value) {
        return new PipelineFailure(step + "'s " + name + " must be " + expected + ", got " + value.getClass().getSimpleName()
                + " " + value);
    }
}
