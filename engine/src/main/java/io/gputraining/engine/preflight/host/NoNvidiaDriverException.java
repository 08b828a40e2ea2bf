package io.gputraining.engine.preflight.host;

import io.gputraining.engine.EngineException;

/** There is no {@code nvidia-smi} where it was looked for: this agent has no NVIDIA driver installed. */
public class NoNvidiaDriverException extends EngineException {
    private static final long serialVersionUID = 1L;

    public NoNvidiaDriverException(String whereLooked) {
        super("No NVIDIA driver on this agent: nvidia-smi was not found " + whereLooked + ". Run GPU builds on an"
                + " agent with an NVIDIA GPU and its driver installed (nvidia-smi comes with the driver); if the"
                + " driver is installed but nvidia-smi is elsewhere, configure the path to nvidia-smi.");
    }
}
