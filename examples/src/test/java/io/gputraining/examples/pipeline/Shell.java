package io.gputraining.examples.pipeline;

/** Where a block makes {@code sh} run, e.g. the container of {@code withPytorchCuda}. */
public interface Shell {

    /** Runs {@code script} as {@code sh -xe} would, in the build's current directory; returns its exit code. */
    int run(String script, Build build) throws InterruptedException;
}
