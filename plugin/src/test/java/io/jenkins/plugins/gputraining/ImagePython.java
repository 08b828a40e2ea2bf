package io.jenkins.plugins.gputraining;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A Python with torch for {@code runtime: 'local'} on this test machine, whose own Python has none: the PyTorch
 * test image's {@code python3}, run by the docker CLI with {@code /tmp} mounted (the engine writes the probe
 * there). It stands for an agent that is itself the PyTorch image, the case the local runtime is for; on this
 * machine without NVIDIA driver that is the one way to a preflight that warns instead of passing or failing
 * (asking for GPUs with CPU fallback allowed: Docker would refuse the GPUs, which fails).
 */
final class ImagePython {

    private ImagePython() {
    }

    /** Writes the interpreter script into {@code directory} and returns its path. */
    static String in(Path directory, String image) throws IOException {
        Path script = directory.resolve("python-in-image");
        Files.writeString(script, "#!/bin/sh\nexec docker run --rm --network none --label io.gputraining.test=plugin-image-python"
                + " -v /tmp:/tmp:ro '" + image + "' python3 \"$@\"\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script.toString();
    }
}
