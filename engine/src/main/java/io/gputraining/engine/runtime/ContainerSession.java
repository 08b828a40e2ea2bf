package io.gputraining.engine.runtime;

import io.gputraining.engine.LogSink;
import java.nio.file.Path;

/** A started container that runs one command after another until it is closed, which removes it. */
public interface ContainerSession extends AutoCloseable {

    /** The container id (or a host marker for the local runtime). */
    String id();

    /** Runs one command to exit, streaming its output to {@code sink}; returns the exit code. */
    int exec(ExecSpec exec, LogSink sink) throws InterruptedException;

    /**
     * Writes {@code file} into the running container at its path, replacing a file there; missing parent
     * directories are created, existing ones keep their owner and mode.
     */
    void copyIn(FileToCopy file) throws InterruptedException;

    /**
     * Copies a file or directory out of the container into {@code hostDirectory} (created if needed),
     * keeping its last path element.
     */
    void copyOut(String containerPath, Path hostDirectory) throws InterruptedException;

    /** Stops and removes the container. Idempotent; never throws for a container already gone. */
    @Override
    void close();
}
