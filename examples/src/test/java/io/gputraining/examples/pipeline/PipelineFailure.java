package io.gputraining.examples.pipeline;

/**
 * A failure that ends the build as FAILURE, with its message in the log as {@code ERROR: …}: the {@code error}
 * step, a shell step's non-zero exit, a step refusing its arguments. Jenkins throws its own
 * {@code AbortException} for these; the harness has no Jenkins types, so it has its own.
 */
public class PipelineFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public PipelineFailure(String message) {
        super(message);
    }

    public PipelineFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
