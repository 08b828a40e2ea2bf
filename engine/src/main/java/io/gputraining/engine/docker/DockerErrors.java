package io.gputraining.engine.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.exception.DockerException;
import io.gputraining.engine.cdi.CdiErrors;
import java.io.IOException;

/** Turns daemon errors into text a user can act on. */
final class DockerErrors {

    private static final ObjectMapper JSON = new ObjectMapper();

    private DockerErrors() {
    }

    /**
     * The daemon's own message, without docker-java's "Status 500: {...}" wrapping: Docker's
     * {@code {"message":…}} and Podman's {@code {"cause":…,"message":…,"response":…}} alike.
     */
    static String message(DockerException e) {
        String m = e.getMessage() == null ? "" : e.getMessage().strip();
        int start = m.indexOf('{');
        if (start >= 0) {
            try {
                JsonNode node = JSON.readTree(m.substring(start));
                if (node != null && node.hasNonNull("message")) {
                    return node.get("message").asText();
                }
            } catch (IOException notJson) {
                // a plain message: keep it as it is
            }
        }
        return m;
    }

    /** A fix for the errors users meet first: a daemon without the NVIDIA runtime, a program not in the image. */
    static String hint(DockerException e) {
        String m = message(e);
        if (m.contains("could not select device driver")) {
            return ". This Docker daemon cannot give GPUs to containers: it has no NVIDIA runtime hook for device"
                    + " requests (--gpus) and does not resolve CDI devices. Either generate a CDI spec"
                    + " ('sudo nvidia-ctk cdi generate --output=/etc/cdi/nvidia.yaml') and, on Docker 25 or later, enable"
                    + " CDI ('\"features\": {\"cdi\": true}' in /etc/docker/daemon.json, then restart dockerd), or install the"
                    + " NVIDIA Container Toolkit's runtime ('sudo nvidia-ctk runtime configure --runtime=docker', then restart dockerd)";
        }
        if (CdiErrors.isUnresolvedDevice(m)) {
            return ". " + CdiErrors.fix();
        }
        if (m.contains("executable file not found")) {
            return ". The command's program is not in the image (or not on its PATH): check the image, or give the full path";
        }
        return "";
    }
}
