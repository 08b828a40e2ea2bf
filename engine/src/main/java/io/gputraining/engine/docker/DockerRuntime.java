package io.gputraining.engine.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.model.Version;
import com.github.dockerjava.api.model.WaitResponse;
import io.gputraining.engine.LogSink;
import io.gputraining.engine.runtime.ContainerRuntime;
import io.gputraining.engine.runtime.ContainerSession;
import io.gputraining.engine.runtime.ContainerSpec;
import io.gputraining.engine.runtime.RunResult;
import io.gputraining.engine.runtime.RuntimeFacts;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@link ContainerRuntime} on a Docker daemon through docker-java. Each container it creates is removed by
 * the call or session that owns it on every exit path: normal end, exception, thread interrupt, and JVM
 * shutdown (through a {@link ContainerReaper}); containers of a JVM that was killed outright are found by
 * their labels and removed by the {@link ContainerSweeper}.
 */
public final class DockerRuntime implements ContainerRuntime {

    private static final long ATTACH_TIMEOUT_SECONDS = 30;

    private final DockerClient docker;
    private final DockerEndpoint endpoint;
    private final ContainerCreation creation;
    private final ContainerReaper reaper;
    /** Ulimits this daemon refused once; it will refuse them again, so later containers go without. */
    private final Set<String> refusedUlimits = ConcurrentHashMap.newKeySet();

    private DockerRuntime(DockerClient docker, DockerEndpoint endpoint) {
        this.docker = docker;
        this.endpoint = endpoint;
        this.creation = new ContainerCreation(docker);
        this.reaper = new ContainerReaper(docker);
    }

    /**
     * Connects to the daemon at {@code endpoint}.
     *
     * @throws DockerUnavailableException when it does not answer
     * @throws DockerConnectInterruptedException when the thread was interrupted meanwhile (its flag set again)
     */
    public static DockerRuntime connect(DockerEndpoint endpoint) {
        return new DockerRuntime(endpoint.connect(), endpoint);
    }

    /** The docker-java client, for the other engine parts that talk to the same daemon (images, sweeper). */
    public DockerClient client() {
        return docker;
    }

    @Override
    public RunResult run(ContainerSpec spec, LogSink sink) throws InterruptedException {
        long started = System.nanoTime();
        ContainerSpec effective = withoutRefusedUlimits(spec, sink);
        while (true) {
            ContainerSpec attempt = effective;
            String id = InterruptibleCall.run(() -> creation.create(attempt, false));
            reaper.track(id);
            try {
                try (OutputForwarder output = docker.attachContainerCmd(id)
                        .withStdOut(true).withStdErr(true).withFollowStream(true)
                        .exec(new OutputForwarder(sink))) {
                    output.awaitAttached(ATTACH_TIMEOUT_SECONDS);
                    start(id, effective);
                    output.awaitEnd();
                } catch (java.io.IOException e) {
                    throw new ContainerFailedException("Lost the output stream of container " + shortId(id) + ": " + e.getMessage(), e);
                }
                int exitCode = awaitExit(id);
                // Only a failure needs the OOM diagnosis; a success saves the round trip.
                boolean oom = exitCode != 0 && Boolean.TRUE.equals(
                        InterruptibleCall.run(() -> docker.inspectContainerCmd(id).exec()).getState().getOOMKilled());
                return new RunResult(exitCode, oom, id, Duration.ofNanos(System.nanoTime() - started));
            } catch (UlimitRefusal refused) {
                sink.message(refused.warning());
                refusedUlimits.add(refused.ulimit());
                effective = refused.retrySpec();
            } finally {
                reaper.remove(id);
            }
        }
    }

    @Override
    public ContainerSession start(ContainerSpec spec, LogSink sink) throws InterruptedException {
        ContainerSpec effective = withoutRefusedUlimits(spec, sink);
        while (true) {
            ContainerSpec attempt = effective;
            String id = InterruptibleCall.run(() -> creation.create(attempt, true));
            reaper.track(id);
            boolean started = false;
            try {
                start(id, effective);
                started = true;
                return new DockerContainerSession(docker, id, reaper);
            } catch (UlimitRefusal refused) {
                sink.message(refused.warning());
                refusedUlimits.add(refused.ulimit());
                effective = refused.retrySpec();
            } finally {
                if (!started) {
                    reaper.remove(id);
                }
            }
        }
    }

    private ContainerSpec withoutRefusedUlimits(ContainerSpec spec, LogSink sink) {
        if (refusedUlimits.isEmpty() || spec.ulimits().stream().noneMatch(u -> refusedUlimits.contains(u.name()))) {
            return spec;
        }
        spec.ulimits().stream().filter(u -> refusedUlimits.contains(u.name()))
                .forEach(u -> sink.message(UlimitRefusal.warning(u.name())));
        return spec.toBuilder().ulimits(spec.ulimits().stream().filter(u -> !refusedUlimits.contains(u.name())).toList()).build();
    }

    private void start(String id, ContainerSpec spec) throws InterruptedException {
        try {
            InterruptibleCall.run(() -> docker.startContainerCmd(id).exec());
        } catch (DockerException e) {
            String message = DockerErrors.message(e);
            UlimitRefusal.in(message, spec).ifPresent(refusal -> {
                throw refusal;
            });
            throw new ContainerFailedException("Docker could not start a container of " + spec.image() + ": "
                    + message + DockerErrors.hint(e), e);
        }
    }

    private int awaitExit(String id) throws InterruptedException {
        try (ExitCodeCallback wait = docker.waitContainerCmd(id).exec(new ExitCodeCallback())) {
            return wait.awaitExitCode(id);
        } catch (java.io.IOException e) {
            throw new ContainerFailedException("Lost the connection while waiting for container " + shortId(id), e);
        }
    }

    /** Receives the exit status of {@code docker wait}; awaiting it answers interrupts (docker-java's own does not). */
    private static final class ExitCodeCallback extends ResultCallback.Adapter<WaitResponse> {
        private final AtomicInteger code = new AtomicInteger(Integer.MIN_VALUE);

        @Override
        public void onNext(WaitResponse response) {
            code.set(response.getStatusCode());
        }

        int awaitExitCode(String id) throws InterruptedException {
            awaitCompletion();
            throwFirstError();
            if (code.get() == Integer.MIN_VALUE) {
                throw new ContainerFailedException("The Docker daemon ended the wait for container " + shortId(id) + " without an exit code", null);
            }
            return code.get();
        }
    }

    @Override
    public String describe() {
        try {
            Version v = docker.versionCmd().exec();
            return "docker " + v.getVersion() + " (API " + v.getApiVersion() + ") at " + endpoint.host();
        } catch (RuntimeException e) {
            return "docker at " + endpoint.host();
        }
    }

    @Override
    public RuntimeFacts facts() {
        List<String> runtimes;
        try {
            Map<String, ?> registered = docker.infoCmd().exec().getRuntimes();
            runtimes = registered == null ? List.of() : List.copyOf(new TreeSet<>(registered.keySet()));
        } catch (RuntimeException e) {
            runtimes = List.of();
        }
        return new RuntimeFacts(describe(), true, runtimes);
    }

    @Override
    public void close() {
        reaper.close();
        DockerEndpoint.closeQuietly(docker);
    }

    static String shortId(String id) {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }
}
