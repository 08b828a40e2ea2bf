package io.gputraining.engine.cdi;

/** Recognises a runtime's refusal to resolve CDI devices, and says what fixes it. */
public final class CdiErrors {

    /** The command that (re)writes NVIDIA's CDI spec, as NVIDIA documents it. */
    public static final String GENERATE_NVIDIA_SPEC = "sudo nvidia-ctk cdi generate --output=/etc/cdi/nvidia.yaml";

    private CdiErrors() {
    }

    /**
     * Whether a daemon's message says a CDI device could not be resolved: Podman's {@code unresolvable CDI
     * devices nvidia.com/gpu=all}, Docker's {@code CDI device injection failed: …}.
     */
    public static boolean isUnresolvedDevice(String daemonMessage) {
        return daemonMessage.contains("unresolvable CDI devices") || daemonMessage.contains("CDI device injection failed");
    }

    /**
     * The daemon's own words about the devices, e.g. {@code unresolvable CDI devices nvidia.com/gpu=all}, out of a
     * longer message that also names the container and the fix; the whole message when it has no such part.
     */
    public static String unresolved(String message) {
        int start = message.indexOf("unresolvable CDI devices");
        if (start < 0) {
            return message;
        }
        int end = message.indexOf(". ", start);
        return message.substring(start, end < 0 ? message.length() : end);
    }

    /** What to do about it (no final full stop). */
    public static String fix() {
        return "No CDI spec on this host names the devices asked for. Generate NVIDIA's spec with '" + GENERATE_NVIDIA_SPEC
                + "' (again after every driver upgrade), check the device names with 'nvidia-ctk cdi list', and ask for GPUs"
                + " the spec lists";
    }
}
