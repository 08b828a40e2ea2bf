package io.gputraining.engine.preflight.probe;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * The in-image probe, {@code gpu_probe.py}, as shipped in the engine's jar: its bytes, to be copied
 * into a container, and the command line that runs it there. The script needs only python3 and torch
 * in the image and prints one JSON report on stdout ({@link ProbeReportParser}).
 */
public final class ProbeScript implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Where the script lies on the class path. */
    public static final String RESOURCE = "/io/gputraining/engine/preflight/gpu_probe.py";
    /** The script's file name, to keep when copying it. */
    public static final String FILE_NAME = "gpu_probe.py";

    private final byte[] bytes;

    private ProbeScript(byte[] bytes) {
        this.bytes = bytes;
    }

    /**
     * Reads the script from the class path.
     *
     * @throws ProbeScriptUnavailableException when the engine's jar lacks it
     */
    public static ProbeScript load() {
        try (InputStream in = ProbeScript.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new ProbeScriptUnavailableException("The GPU probe script " + RESOURCE + " is missing from the "
                        + "engine's class path: the engine jar is incomplete. Reinstall the plugin or rebuild the engine.",
                        null);
            }
            return new ProbeScript(in.readAllBytes());
        } catch (IOException e) {
            throw new ProbeScriptUnavailableException("The GPU probe script " + RESOURCE + " could not be read from the "
                    + "engine's jar (" + e.getMessage() + "). Reinstall the plugin or rebuild the engine.", e);
        }
    }

    /** The script's content (a copy). */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** SHA-256 of the script, hex: tells which probe wrote a report, or whether a copy is current. */
    public String sha256() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /**
     * The command that runs the script inside the container.
     *
     * @param python     the image's interpreter, usually {@code python3}
     * @param scriptPath where the script was copied inside the container
     * @param options    the probe's settings
     */
    public List<String> command(String python, String scriptPath, ProbeOptions options) {
        List<String> command = new ArrayList<>(List.of(python, scriptPath));
        command.addAll(options.toArguments());
        return List.copyOf(command);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ProbeScript script && Arrays.equals(bytes, script.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "ProbeScript[" + FILE_NAME + ", " + bytes.length + " bytes, sha256 " + sha256().substring(0, 12) + "]";
    }
}
