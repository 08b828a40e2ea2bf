package io.gputraining.engine.runtime;

import java.io.Serializable;
import java.util.Objects;

/**
 * A file the engine puts into a container before its command starts, such as the preflight probe script,
 * so that nothing depends on files in the image or on the host's filesystem being visible to the daemon.
 *
 * @param path    absolute path inside the container; parent directories are created
 * @param content the bytes
 * @param mode    permission bits, e.g. 0644
 */
public record FileToCopy(String path, byte[] content, int mode) implements Serializable {

    public FileToCopy {
        Objects.requireNonNull(content, "content");
        if (path == null || !path.startsWith("/") || path.endsWith("/") || path.contains("/../") || path.contains("\0")) {
            throw new IllegalArgumentException("file to copy needs an absolute path to a file, was '" + path + "'");
        }
        content = content.clone();
    }

    @Override
    public byte[] content() {
        return content.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FileToCopy f && f.path.equals(path) && f.mode == mode && java.util.Arrays.equals(f.content, content);
    }

    @Override
    public int hashCode() {
        return path.hashCode() * 31 + java.util.Arrays.hashCode(content);
    }

    @Override
    public String toString() {
        return "FileToCopy[" + path + ", " + content.length + " bytes, mode " + Integer.toOctalString(mode) + "]";
    }
}
