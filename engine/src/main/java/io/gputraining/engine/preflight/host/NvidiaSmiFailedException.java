package io.gputraining.engine.preflight.host;

import io.gputraining.engine.EngineException;

/**
 * {@code nvidia-smi} exists but could not answer: it exited non-zero, could not be started, or hung. Its own
 * words are in the message, e.g. {@code Failed to initialize NVML: Driver/library version mismatch}.
 */
public class NvidiaSmiFailedException extends EngineException {
    private static final long serialVersionUID = 1L;

    /** What {@link #exitCode()} is when there is no exit status: not started, or killed after a timeout. */
    public static final int NO_EXIT_CODE = -1;

    private final int exitCode;
    private final String nvidiaSmiMessage;

    public NvidiaSmiFailedException(String command, int exitCode, String nvidiaSmiMessage, String advice,
                                    Throwable cause) {
        super("nvidia-smi failed: " + nvidiaSmiMessage + " (" + command
                + (exitCode == NO_EXIT_CODE ? "" : ", exit status " + exitCode) + "). " + advice, cause);
        this.exitCode = exitCode;
        this.nvidiaSmiMessage = nvidiaSmiMessage;
    }

    /** Its exit status, or {@link #NO_EXIT_CODE}. */
    public int exitCode() {
        return exitCode;
    }

    /** What {@code nvidia-smi} said (its standard error, or standard output when that was empty). */
    public String nvidiaSmiMessage() {
        return nvidiaSmiMessage;
    }
}
