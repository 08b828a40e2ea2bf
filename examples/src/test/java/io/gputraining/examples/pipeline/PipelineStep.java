package io.gputraining.examples.pipeline;

/** What a step does when a pipeline calls it; returns what the script gets back. */
@FunctionalInterface
public interface PipelineStep {

    Object run(StepCall call, Build build) throws Exception;
}
