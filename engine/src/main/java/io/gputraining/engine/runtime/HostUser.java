package io.gputraining.engine.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The user this JVM runs as, so that files a container writes into the workspace belong to it. */
public final class HostUser {

    private HostUser() {
    }

    /** {@code uid:gid} of this process (Linux), or null where it cannot be told (the image's user is used). */
    public static String current() {
        Path self = Path.of("/proc/self");
        try {
            return Files.getAttribute(self, "unix:uid") + ":" + Files.getAttribute(self, "unix:gid");
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return null;
        }
    }

    /** This process' user id (Linux), or -1 where it cannot be told. */
    public static long uid() {
        String user = current();
        return user == null ? -1 : Long.parseLong(user.substring(0, user.indexOf(':')));
    }
}
