package io.gputraining.cli;

/**
 * Exit codes of the CLI. A command run inside the image returns its own exit code; the CLI's own failures
 * use codes above the range shells use for signals (128+n) so the two are never confused.
 */
public final class ExitCodes {
    /** Everything worked. */
    public static final int OK = 0;
    /** Bad usage: unknown option, missing argument. */
    public static final int USAGE = 2;
    /** The engine failed before or around the command: image, daemon, registry, GPUs. */
    public static final int ENGINE_ERROR = 200;
    /** The preflight judged the GPU environment FAIL. */
    public static final int PREFLIGHT_FAILED = 201;
    /** The training command failed (non-zero exit, out of memory, timeout): nothing was registered. */
    public static final int TRAINING_FAILED = 202;
    /** Registering the model failed: no version was created. */
    public static final int REGISTRY_FAILED = 203;

    private ExitCodes() {
    }
}
