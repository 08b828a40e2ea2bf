package io.gputraining.examples.pipeline;

import java.util.Map;
import java.util.TreeMap;

/** The steps a build's scripts can call, by name. */
public final class StepTable {

    private final Map<String, PipelineStep> steps = new TreeMap<>();

    /** Adds or replaces the step called {@code name}. */
    public StepTable put(String name, PipelineStep step) {
        steps.put(name, step);
        return this;
    }

    Object invoke(String name, Object[] args, Build build) {
        PipelineStep step = steps.get(name);
        if (step == null) {
            // Jenkins' own wording for an unknown step, so a reader recognises it
            throw new PipelineFailure("No such DSL method '" + name + "' found among steps " + steps.keySet());
        }
        try {
            return step.run(StepCall.of(name, args), build);
        } catch (RuntimeException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PipelineFailure(name + " was interrupted", e);
        } catch (Exception e) {
            throw new PipelineFailure(name + ": " + e.getMessage(), e);
        }
    }
}
