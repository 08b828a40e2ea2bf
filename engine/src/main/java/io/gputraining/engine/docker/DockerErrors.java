package io.gputraining.engine.docker;

import com.github.dockerjava.api.exception.DockerException;

/** Turns daemon errors into text a user can act on. */
final class DockerErrors {

    private DockerErrors() {
    }

    /** The daemon's own message, without docker-java's "Status 500: {...}" wrapping. */
    static String message(DockerException e) {
        String m = e.getMessage() == null ? "" : e.getMessage().strip();
        int start = m.indexOf("{\"message\":\"");
        if (start >= 0) {
            int end = m.lastIndexOf("\"}");
            if (end > start) {
                return m.substring(start + "{\"message\":\"".length(), end).replace("\\\"", "\"");
            }
        }
        return m;
    }

    /** A fix for the errors users meet first: a daemon without the NVIDIA runtime, a program not in the image. */
    static String hint(DockerException e) {
        String m = message(e);
        if (m.contains("could not select device driver")) {
            return ". This Docker daemon cannot give GPUs to containers: install the NVIDIA Container Toolkit"
                    + " (nvidia-container-toolkit), run 'nvidia-ctk runtime configure --runtime=docker' and restart dockerd,"
                    + " or run on an agent that has it";
        }
        if (m.contains("executable file not found")) {
            return ". The command's program is not in the image (or not on its PATH): check the image, or give the full path";
        }
        return "";
    }
}
