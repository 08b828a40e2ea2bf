package io.gputraining.engine.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.ExecCreateCmd;
import com.github.dockerjava.api.command.InspectExecResponse;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import io.gputraining.engine.LogSink;
import io.gputraining.engine.runtime.CapturedOutput;
import io.gputraining.engine.runtime.ContainerSession;
import io.gputraining.engine.runtime.ExecSpec;
import io.gputraining.engine.runtime.FileToCopy;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A long-lived container running one {@code docker exec} after another, like docker-workflow's
 * {@code inside}. Closing it removes the container, and with it anything an exec left running.
 */
final class DockerContainerSession implements ContainerSession {

    private final DockerClient docker;
    private final String id;
    private final ContainerReaper reaper;
    private final AtomicBoolean closed = new AtomicBoolean();

    DockerContainerSession(DockerClient docker, String id, ContainerReaper reaper) {
        this.docker = docker;
        this.id = id;
        this.reaper = reaper;
    }

    @Override
    public String id() {
        return id;
    }

    /**
     * {@inheritDoc}
     * <p>Docker has no call to stop one exec: when the waiting thread is interrupted the command keeps
     * running until the session is closed, which every caller does on its way out.
     */
    @Override
    public int exec(ExecSpec exec, LogSink sink) throws InterruptedException {
        ensureOpen();
        ExecCreateCmd create = docker.execCreateCmd(id)
                .withCmd(exec.command().toArray(String[]::new))
                .withAttachStdout(true)
                .withAttachStderr(true);
        if (!exec.env().isEmpty()) {
            List<String> env = new ArrayList<>();
            exec.env().forEach((k, v) -> env.add(k + "=" + v));
            create.withEnv(env);
        }
        if (exec.workingDir() != null) {
            create.withWorkingDir(exec.workingDir());
        }
        if (exec.user() != null) {
            create.withUser(exec.user());
        }
        String execId;
        try {
            execId = InterruptibleCall.run(create::exec).getId();
        } catch (DockerException e) {
            throw new ContainerFailedException("Could not run " + exec.command() + " in container "
                    + DockerRuntime.shortId(id) + ": " + DockerErrors.message(e), e);
        }
        try (AttachedOutput output = AttachedOutput.startExec(docker, id, execId, sink)) {
            output.awaitEnd();
        }
        return exitCodeOf(execId, exec);
    }

    private int exitCodeOf(String execId, ExecSpec exec) throws InterruptedException {
        // The stream can end a moment before the daemon records the exit code.
        for (int attempt = 0; attempt < 200; attempt++) {
            InspectExecResponse inspect = InterruptibleCall.run(() -> docker.inspectExecCmd(execId).exec());
            if (!Boolean.TRUE.equals(inspect.isRunning()) && inspect.getExitCodeLong() != null) {
                return inspect.getExitCodeLong().intValue();
            }
            Thread.sleep(10);
        }
        throw new ContainerFailedException("The Docker daemon reported no exit code for " + exec.command(), null);
    }

    @Override
    public void copyIn(FileToCopy file) throws InterruptedException {
        ensureOpen();
        String parent = file.path().substring(0, Math.max(1, file.path().lastIndexOf('/')));
        // Docker extracts only into a directory that exists; a tar carrying the parents would also reset the
        // owner and mode of existing ones (/tmp's 1777). So the parents are made first, as root like Docker would.
        CapturedOutput mkdir = new CapturedOutput();
        if (exec(new ExecSpec(List.of("mkdir", "-p", parent), Map.of(), null, "0"), mkdir) != 0) {
            throw new ContainerFailedException("Could not create " + parent + " in container " + DockerRuntime.shortId(id)
                    + " to copy " + file.path() + " into: " + mkdir.text().strip(), null);
        }
        byte[] tar = FileArchive.flat(file);
        try {
            InterruptibleCall.run(() -> docker.copyArchiveToContainerCmd(id).withRemotePath(parent)
                    .withTarInputStream(new ByteArrayInputStream(tar)).exec());
        } catch (DockerException e) {
            throw new ContainerFailedException("Copying " + file.path() + " into container " + DockerRuntime.shortId(id)
                    + " failed: " + DockerErrors.message(e), e);
        }
    }

    @Override
    public void copyOut(String containerPath, Path hostDirectory) throws InterruptedException {
        ensureOpen();
        try (InputStream tar = InterruptibleCall.run(() -> docker.copyArchiveFromContainerCmd(id, containerPath).exec())) {
            new TarExtraction(hostDirectory).extract(tar);
        } catch (NotFoundException e) {
            throw new ContainerFailedException("Nothing at " + containerPath + " in container " + DockerRuntime.shortId(id) + " to copy out", e);
        } catch (IOException e) {
            throw new ContainerFailedException("Copying " + containerPath + " out of container " + DockerRuntime.shortId(id)
                    + " to " + hostDirectory + " failed: " + e.getMessage(), e);
        }
        if (Thread.interrupted()) {
            throw new InterruptedException("interrupted while copying " + containerPath);
        }
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException("container session " + DockerRuntime.shortId(id) + " is closed");
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            reaper.remove(id);
        }
    }
}
