package io.gputraining.engine.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Frame;
import io.gputraining.engine.runtime.ContainerGoneException;
import io.gputraining.engine.runtime.ContainerSession;
import io.gputraining.engine.runtime.ContainerState;
import io.gputraining.engine.runtime.DetachedContainer;
import io.gputraining.engine.runtime.LogChunk;
import io.gputraining.engine.runtime.LogPosition;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * A detached container on a Docker (or Podman) daemon, found by its id. Every call asks the daemon afresh: the object
 * holds no state of the container's, so any number of them, in any JVM, may look at one container.
 */
final class DockerDetachedContainer implements DetachedContainer {

    private final DockerClient docker;
    private final String id;
    private final ContainerReaper reaper;

    DockerDetachedContainer(DockerClient docker, String id, ContainerReaper reaper) {
        this.docker = docker;
        this.id = id;
        this.reaper = reaper;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Map<String, String> labels() {
        Map<String, String> labels = inspect().getConfig().getLabels();
        return labels == null ? Map.of() : Map.copyOf(labels);
    }

    @Override
    public ContainerState state() {
        InspectContainerResponse.ContainerState state = inspect().getState();
        boolean running = Boolean.TRUE.equals(state.getRunning()) || Boolean.TRUE.equals(state.getRestarting());
        Long exit = state.getExitCodeLong();
        return new ContainerState(running, exit == null ? -1 : exit.intValue(), Boolean.TRUE.equals(state.getOOMKilled()),
                instant(state.getStartedAt()), running ? null : instant(state.getFinishedAt()));
    }

    /**
     * Asks the daemon for the entries since the second of {@code from} (its {@code since} has whole seconds), with
     * their timestamps, and passes on those not read yet; stops after the entry that reaches {@code maxBytes}.
     */
    @Override
    public LogChunk logs(LogPosition from, int maxBytes) throws InterruptedException {
        Reader reader = new Reader(from, maxBytes);
        try {
            var cmd = docker.logContainerCmd(id).withStdOut(true).withStdErr(true).withTimestamps(true).withFollowStream(false);
            if (from.lastEntry() != null) {
                cmd.withSince((int) from.lastEntry().getEpochSecond());
            }
            try (Reader running = InterruptibleCall.run(() -> cmd.exec(reader))) {
                running.awaitCompletion();
            } catch (IOException e) {
                throw new ContainerFailedException("Lost the log stream of container " + DockerRuntime.shortId(id) + ": " + e.getMessage(), e);
            }
        } catch (NotFoundException e) {
            throw gone();
        }
        if (reader.full && reader.error == null) {
            return reader.chunk(true);
        }
        if (reader.error instanceof NotFoundException) {
            throw gone();
        }
        if (reader.error != null) {
            throw new ContainerFailedException("Reading the log of container " + DockerRuntime.shortId(id) + " failed: "
                    + reader.error.getMessage(), reader.error);
        }
        return reader.chunk(false);
    }

    @Override
    public ContainerSession session() {
        return new DockerContainerSession(docker, id, reaper);
    }

    @Override
    public void remove() {
        reaper.remove(id);
    }

    private InspectContainerResponse inspect() {
        try {
            return docker.inspectContainerCmd(id).exec();
        } catch (NotFoundException e) {
            throw gone();
        }
    }

    private ContainerGoneException gone() {
        return new ContainerGoneException("Container " + DockerRuntime.shortId(id) + " no longer exists: it was removed"
                + " (by hand, by a cleanup such as 'docker container prune', or with its daemon's storage).");
    }

    private static Instant instant(String text) {
        if (text == null || text.isBlank() || text.startsWith("0001-01-01")) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** Collects the log entries not read yet; each frame is one entry, its payload led by its RFC 3339 timestamp. */
    private static final class Reader extends ResultCallback.Adapter<Frame> {
        private final int maxBytes;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final LogPosition from;
        private LogPosition position;
        private Instant lastStamp;
        private int indexAtStamp;
        private boolean full;
        private Throwable error;

        Reader(LogPosition from, int maxBytes) {
            this.from = from;
            this.position = from;
            this.maxBytes = maxBytes;
        }

        @Override
        public void onNext(Frame frame) {
            if (full) {
                return;
            }
            byte[] payload = frame.getPayload();
            int space = indexOf(payload, (byte) ' ');
            if (space < 0) {
                return; // not an entry with a timestamp; nothing this reader asked for
            }
            Instant stamp;
            try {
                stamp = Instant.parse(new String(payload, 0, space, StandardCharsets.US_ASCII));
            } catch (DateTimeParseException e) {
                return;
            }
            indexAtStamp = stamp.equals(lastStamp) ? indexAtStamp + 1 : 0;
            lastStamp = stamp;
            if (from.hasRead(stamp, indexAtStamp)) {
                return;
            }
            bytes.write(payload, space + 1, payload.length - space - 1);
            position = position.after(stamp);
            if (bytes.size() >= maxBytes) {
                full = true;
                try {
                    close(); // enough for this read; the rest comes with the next
                } catch (IOException e) {
                    // the stream is being dropped anyway
                }
            }
        }

        @Override
        public void onError(Throwable throwable) {
            if (!full) {
                error = throwable;
            }
            super.onError(throwable);
        }

        LogChunk chunk(boolean more) {
            return new LogChunk(bytes.toByteArray(), position, more);
        }

        private static int indexOf(byte[] data, byte b) {
            for (int i = 0; i < data.length; i++) {
                if (data[i] == b) {
                    return i;
                }
            }
            return -1;
        }
    }
}
