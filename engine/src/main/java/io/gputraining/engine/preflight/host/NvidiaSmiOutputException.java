package io.gputraining.engine.preflight.host;

import io.gputraining.engine.EngineException;

/** {@code nvidia-smi} ran and succeeded, but printed something that is not the answer to what was asked. */
public class NvidiaSmiOutputException extends EngineException {
    private static final long serialVersionUID = 1L;

    public NvidiaSmiOutputException(String what, String output, Throwable cause) {
        super("nvidia-smi printed output this preflight cannot read (" + what + "); it begins: '"
                + beginning(output) + "'. Run the same nvidia-smi command on the agent to see why; if its format"
                + " changed with a new driver, report it with that output.", cause);
    }

    private static String beginning(String output) {
        String s = output == null ? "" : output.strip();
        return s.length() <= 200 ? s : s.substring(0, 200) + "…";
    }
}
