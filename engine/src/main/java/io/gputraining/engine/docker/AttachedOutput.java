package io.gputraining.engine.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.transport.DockerHttpClient;
import io.gputraining.engine.LogSink;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The stdout and stderr of a container ({@code POST /containers/{id}/attach}, opened before it starts) or of an
 * exec ({@code POST /exec/{id}/start}), read on a thread of its own into a {@link LogSink} through
 * {@link MultiplexedStream}. Closing it cuts the connection, which ends the reader: what an abort needs.
 */
final class AttachedOutput implements AutoCloseable {

    private final DockerHttpClient http;
    private final DockerHttpClient.Request request;
    private final String containerId;
    private final LogSink sink;
    private final CountDownLatch attached = new CountDownLatch(1);
    private final Thread reader;
    private volatile DockerHttpClient.Response response;
    private volatile boolean closed;
    private volatile Exception failure;
    private volatile String refusal;

    private AttachedOutput(DockerHttpClient http, DockerHttpClient.Request request, String containerId, LogSink sink) {
        this.http = http;
        this.request = request;
        this.containerId = containerId;
        this.sink = sink;
        this.reader = new Thread(this::read, "container-output-" + DockerRuntime.shortId(containerId));
        this.reader.setDaemon(true);
    }

    /** Starts attaching to {@code containerId}'s output; {@link #awaitAttached} tells when the stream is open. */
    static AttachedOutput open(DockerClient docker, String containerId, LogSink sink) {
        return start(docker, DockerHttpClient.Request.builder()
                .method(DockerHttpClient.Request.Method.POST)
                .path("/containers/" + containerId + "/attach?stream=1&stdout=1&stderr=1")
                .build(), containerId, sink);
    }

    /** Starts the created exec {@code execId} in {@code containerId} and reads its output until it ends. */
    static AttachedOutput startExec(DockerClient docker, String containerId, String execId, LogSink sink) {
        return start(docker, DockerHttpClient.Request.builder()
                .method(DockerHttpClient.Request.Method.POST)
                .path("/exec/" + execId + "/start")
                .putHeader("Content-Type", "application/json")
                .bodyBytes("{\"Detach\":false,\"Tty\":false}".getBytes(StandardCharsets.UTF_8))
                .build(), containerId, sink);
    }

    private static AttachedOutput start(DockerClient docker, DockerHttpClient.Request request, String containerId, LogSink sink) {
        DockerHttpClient http = docker instanceof DockerClientImpl impl ? impl.getHttpClient() : null;
        if (http == null) {
            throw new IllegalStateException("the Docker client has no HTTP transport to read output with");
        }
        AttachedOutput output = new AttachedOutput(http, request, containerId, sink);
        output.reader.start();
        return output;
    }

    private void read() {
        try (DockerHttpClient.Response answer = http.execute(request)) {
            response = answer;
            if (closed) {
                return;
            }
            InputStream body = answer.getBody();
            if (answer.getStatusCode() / 100 != 2) {
                refusal = "the daemon answered " + answer.getStatusCode() + ": "
                        + new String(body.readNBytes(2000), StandardCharsets.UTF_8).strip();
                return;
            }
            attached.countDown();
            MultiplexedStream.copy(body, sink);
        } catch (IOException | RuntimeException e) {
            if (!closed) {
                failure = e;
            }
        } finally {
            attached.countDown();
        }
    }

    /**
     * Waits until the stream is open, so that nothing the container writes once started is missed.
     *
     * @return false when the daemon refused the stream ({@link #refusal()} says how). Podman prepares the container
     *         (the OCI create) when the attach arrives, so what refuses a container there (a ulimit, a CDI device)
     *         refuses the attach; the start that follows fails with the daemon's reason.
     */
    boolean awaitAttached(long seconds) throws InterruptedException {
        if (!attached.await(seconds, TimeUnit.SECONDS)) {
            throw new ContainerFailedException("The daemon did not open the output stream within " + seconds + " s", null);
        }
        rethrowFailure();
        return refusal == null;
    }

    /** How the daemon refused the stream; null when it did not. */
    String refusal() {
        return refusal;
    }

    /** Waits for the end of the stream (the container's end) and rethrows how the stream failed, if it did. */
    void awaitEnd() throws InterruptedException {
        reader.join();
        rethrowFailure();
        if (refusal != null) {
            throw new ContainerFailedException("The daemon refused the output stream of container " + DockerRuntime.shortId(containerId)
                    + " (" + refusal + ")", null);
        }
    }

    private void rethrowFailure() {
        Exception e = failure;
        if (e instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (e != null) {
            throw new ContainerFailedException("Lost the output stream of container " + DockerRuntime.shortId(containerId)
                    + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        closed = true;
        DockerHttpClient.Response open = response;
        if (open != null && reader.isAlive()) {
            open.close();
        }
    }
}
