package io.gputraining.engine.runtime;

import io.gputraining.engine.EngineException;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A host directory or file a container may read and never write: a data set, a tokenizer, a cache of weights. Written
 * as {@code docker run -v} takes a bind mount, {@code /host/path} (the same path inside) or {@code /host:/container}, with
 * an optional {@code :ro}; anything else ({@code :rw}, a named volume, a relative path) is refused with the reason.
 * <p>Some host paths are refused whatever the container does with them: {@code /}, the container daemons' sockets and
 * state (a process that can talk to the daemon can start a privileged container and own the host), and the kernel's
 * {@code /proc}, {@code /sys} and {@code /dev}. The text is checked where the step is read; the path it resolves to,
 * symbolic links followed, where the container starts ({@link #checkOnThisHost()}).
 *
 * @param hostPath      absolute and normalised, on the host the daemon runs on
 * @param containerPath absolute and normalised, inside the container
 */
public record ReadOnlyMount(String hostPath, String containerPath) implements Serializable {

    /** Paths that are, or hold, a container daemon's socket or state; a mount may be neither one of them, inside, nor above. */
    static final List<String> DAEMON_PATHS = List.of("/run/docker.sock", "/var/run/docker.sock", "/run/podman", "/var/run/podman",
            "/run/containerd", "/var/run/containerd", "/run/user", "/var/lib/docker", "/var/lib/containers");

    /** The kernel's interfaces: no data, and a window on the host's processes and devices. */
    static final List<String> KERNEL_PATHS = List.of("/proc", "/sys", "/dev");

    public ReadOnlyMount {
        hostPath = absolute(hostPath, "host path");
        containerPath = absolute(containerPath, "container path");
        refuseHostPath(hostPath);
        String target = containerPath;
        if (target.equals("/") || KERNEL_PATHS.stream().anyMatch(k -> within(target, k))) {
            throw new EngineException("Mount target " + target + " is not allowed: mount data below a directory of its own,"
                    + " e.g. /data, not at / or in /proc, /sys or /dev.");
        }
    }

    /**
     * Reads {@code /data/imagenet}, {@code /data/imagenet:/datasets/imagenet} or either with {@code :ro}.
     *
     * @throws EngineException naming the entry and what to write instead
     */
    public static ReadOnlyMount parse(String text) {
        String entry = text == null ? "" : text.strip();
        String[] parts = entry.split(":", -1);
        if (entry.isEmpty() || parts.length > 3) {
            throw new EngineException("Mount '" + text + "' is not /host/path or /host/path:/container/path: give the host"
                    + " directory to read, e.g. '/data/imagenet' or '/data/imagenet:/datasets/imagenet'.");
        }
        if (parts.length == 3 && !parts[2].equals("ro")) {
            throw new EngineException("Mount '" + text + "' asks for '" + parts[2] + "': mounts are always read-only (the training"
                    + " writes to the workspace, which is mounted read-write); drop ':" + parts[2] + "'.");
        }
        return new ReadOnlyMount(parts[0], parts.length == 1 ? parts[0] : parts[1]);
    }

    /** The bind mount to start the container with. */
    public Mount toMount() {
        return new Mount(hostPath, containerPath, true);
    }

    /**
     * Checks the path on this host (where the daemon runs): it must exist, for Docker would create a missing one as an
     * empty root-owned directory, and what it resolves to, symbolic links followed, must be allowed too.
     *
     * @throws EngineException when it is missing or resolves to a refused path
     */
    public void checkOnThisHost() {
        Path real;
        try {
            real = Path.of(hostPath).toRealPath();
        } catch (NoSuchFileException e) {
            throw new EngineException("Mount source " + hostPath + " does not exist on this agent: create it (or fix the path)"
                    + " before the build, since the container would otherwise see an empty directory.");
        } catch (IOException e) {
            throw new EngineException("Mount source " + hostPath + " cannot be read on this agent: " + e.getMessage() + ".");
        }
        if (!real.toString().equals(hostPath)) {
            try {
                refuseHostPath(real.toString());
            } catch (EngineException e) {
                throw new EngineException("Mount source " + hostPath + " is a link to " + real + ". " + e.getMessage());
            }
        }
        if (!Files.isReadable(real)) {
            throw new EngineException("Mount source " + hostPath + " is not readable by this agent's user.");
        }
    }

    /** {@code /host:/container:ro}, as {@code docker run -v} would take it. */
    @Override
    public String toString() {
        return hostPath + ":" + containerPath + ":ro";
    }

    private static void refuseHostPath(String path) {
        if (path.equals("/")) {
            throw new EngineException("Mounting / is not allowed: it would hand the whole host, the container daemon's socket"
                    + " included, to the training. Mount the data directory itself, e.g. '/data/imagenet'.");
        }
        for (String daemon : DAEMON_PATHS) {
            if (within(path, daemon) || within(daemon, path)) {
                throw new EngineException("Mounting " + path + " is not allowed: it " + (within(path, daemon) ? "is in " : "holds ")
                        + daemon + ", a container daemon's socket or state, and a training that can reach the daemon can start a"
                        + " privileged container and own the agent. Mount the data directory itself.");
            }
        }
        if (path.endsWith(".sock")) {
            throw new EngineException("Mounting " + path + " is not allowed: it looks like a socket, and a training that can talk"
                    + " to a container daemon can start a privileged container and own the agent.");
        }
        for (String kernel : KERNEL_PATHS) {
            if (within(path, kernel)) {
                throw new EngineException("Mounting " + path + " is not allowed: " + kernel + " is the host kernel's, not data.");
            }
        }
    }

    /** Whether {@code path} is {@code tree} or inside it. */
    private static boolean within(String path, String tree) {
        return path.equals(tree) || path.startsWith(tree + "/");
    }

    /** The path with its {@code //} and {@code .} removed and no trailing slash; {@code ..} and relative paths refused. */
    private static String absolute(String path, String what) {
        if (path == null || !path.startsWith("/")) {
            throw new EngineException("Mount " + what + " '" + path + "' is not absolute: give a path from /, e.g. /data/imagenet"
                    + " (named volumes and paths relative to the workspace are not mounted; the workspace already is).");
        }
        List<String> names = new ArrayList<>();
        for (String name : path.split("/")) {
            if (name.equals("..")) {
                throw new EngineException("Mount " + what + " '" + path + "' has '..' in it: give the path without it.");
            }
            if (!name.isEmpty() && !name.equals(".")) {
                names.add(name);
            }
        }
        return "/" + String.join("/", names);
    }
}
