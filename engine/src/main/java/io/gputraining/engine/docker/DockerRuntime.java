package io.gputraining.engine.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.api.model.WaitResponse;
import io.gputraining.engine.LogSink;
import io.gputraining.engine.cdi.CdiKind;
import io.gputraining.engine.runtime.CdiSupport;
import io.gputraining.engine.runtime.ContainerRuntime;
import io.gputraining.engine.runtime.ContainerSession;
import io.gputraining.engine.runtime.ContainerSpec;
import io.gputraining.engine.runtime.DetachedContainer;
import io.gputraining.engine.runtime.DetachedContainers;
import io.gputraining.engine.runtime.Labels;
import io.gputraining.engine.runtime.GpuAccess;
import io.gputraining.engine.runtime.GpuRequest;
import io.gputraining.engine.runtime.RunResult;
import io.gputraining.engine.runtime.RuntimeFacts;
import io.gputraining.engine.runtime.Ulimit;
import com.github.dockerjava.api.model.Container;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@link ContainerRuntime} on a Docker daemon through docker-java. Each container it creates is removed by
 * the call or session that owns it on every exit path: normal end, exception, thread interrupt, and JVM
 * shutdown (through a {@link ContainerReaper}); containers of a JVM that was killed outright are found by
 * their labels and removed by the {@link ContainerSweeper}.
 */
public final class DockerRuntime implements ContainerRuntime, DetachedContainers {

    private static final long ATTACH_TIMEOUT_SECONDS = 30;

    private final DockerClient docker;
    private final DockerEndpoint endpoint;
    private final DaemonFacts daemon;
    private final CdiKind cdiKind;
    private final ContainerCreation creation;
    private final ContainerReaper reaper;
    private final PodmanRlimits rlimits;
    /** Ulimits this daemon refused once; it will refuse them again, so later containers go without. */
    private final Set<String> refusedUlimits = ConcurrentHashMap.newKeySet();

    private DockerRuntime(DockerClient docker, DockerEndpoint endpoint, CdiKind cdiKind) {
        this.docker = docker;
        this.endpoint = endpoint;
        this.cdiKind = cdiKind;
        PodmanApi podman = new PodmanApi(((DockerClientImpl) docker).getHttpClient());
        try {
            this.daemon = DaemonFactsProbe.read(docker, podman);
        } catch (RuntimeException e) {
            DockerEndpoint.closeQuietly(docker);
            if (Thread.currentThread().isInterrupted() || InterruptibleCall.causedByInterrupt(e)) {
                Thread.currentThread().interrupt();
                throw new DockerConnectInterruptedException(endpoint.host(), e);
            }
            throw new DockerUnavailableException("The daemon at " + endpoint.host() + " answered but would not say what it is"
                    + " (version and info): " + e.getMessage() + ". Check that this user may use it.", e);
        }
        this.creation = new ContainerCreation(docker, daemon, podman, cdiKind);
        this.reaper = new ContainerReaper(docker);
        this.rlimits = daemon.isPodman() && !daemon.rootless() ? PodmanRlimits.startingAt(ProcessLimits.current()) : PodmanRlimits.none();
    }

    /**
     * Connects to the daemon at {@code endpoint}: Docker, or Podman's Docker-compatible socket (told apart by the
     * daemon's own answer). GPUs go to containers as NVIDIA CDI devices where the daemon resolves CDI.
     *
     * @throws DockerUnavailableException when it does not answer
     * @throws DockerConnectInterruptedException when the thread was interrupted meanwhile (its flag set again)
     */
    public static DockerRuntime connect(DockerEndpoint endpoint) {
        return connect(endpoint, CdiKind.NVIDIA_GPU);
    }

    /**
     * Connects as {@link #connect(DockerEndpoint)}, giving GPUs as CDI devices of {@code cdiKind} (another vendor's,
     * or a test device's) where the daemon resolves CDI.
     */
    public static DockerRuntime connect(DockerEndpoint endpoint, CdiKind cdiKind) {
        return new DockerRuntime(endpoint.connect(), endpoint, cdiKind);
    }

    /** What the daemon is: Docker or Podman, rootless or not, CDI or not. */
    public DaemonFacts daemon() {
        return daemon;
    }

    /** The docker-java client, for the other engine parts that talk to the same daemon (images, sweeper). */
    public DockerClient client() {
        return docker;
    }

    @Override
    public RunResult run(ContainerSpec spec, LogSink sink) throws InterruptedException {
        long started = System.nanoTime();
        ContainerSpec asked = withoutRefusedUlimits(spec, sink); // says once which limits go, as refused before
        while (true) {
            ContainerSpec attempt = rlimits.apply(withoutRefused(asked));
            String id = InterruptibleCall.run(() -> creation.create(attempt, false));
            reaper.track(id);
            try {
                try (AttachedOutput output = AttachedOutput.open(docker, id, sink)) {
                    boolean attached = output.awaitAttached(ATTACH_TIMEOUT_SECONDS);
                    start(id, attempt);
                    if (!attached) {
                        throw new ContainerFailedException("The daemon closed the output stream of container " + shortId(id)
                                + " before it started, so its output would be lost (" + output.refusal() + ")", null);
                    }
                    output.awaitEnd();
                }
                int exitCode = awaitExit(id);
                // Only a failure needs the OOM diagnosis; a success saves the round trip.
                boolean oom = exitCode != 0 && Boolean.TRUE.equals(
                        InterruptibleCall.run(() -> docker.inspectContainerCmd(id).exec()).getState().getOOMKilled());
                return new RunResult(exitCode, oom, id, Duration.ofNanos(System.nanoTime() - started));
            } catch (UlimitRefusal refused) {
                adjustTo(refused, attempt, sink);
            } finally {
                reaper.remove(id);
            }
        }
    }

    @Override
    public ContainerSession start(ContainerSpec spec, LogSink sink) throws InterruptedException {
        return new DockerContainerSession(docker, createAndStart(spec, true, true, sink), reaper);
    }

    @Override
    public DetachedContainer startDetached(ContainerSpec spec, boolean session, LogSink sink) throws InterruptedException {
        String id = createAndStart(spec.toBuilder().label(Labels.DETACHED, "1").build(), session, false, sink);
        return new DockerDetachedContainer(docker, id, reaper);
    }

    @Override
    public Optional<DetachedContainer> find(String label, String value) {
        List<Container> found = docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(Labels.MANAGED, "1", label, value)).exec();
        return found.stream().findFirst().map(c -> new DockerDetachedContainer(docker, c.getId(), reaper));
    }

    /**
     * Creates and starts a container, retrying without a ulimit the daemon refuses.
     *
     * @param keepAlive a session's container (see {@link ContainerCreation#create})
     * @param tracked   whether the JVM's shutdown removes it
     */
    private String createAndStart(ContainerSpec spec, boolean keepAlive, boolean tracked, LogSink sink) throws InterruptedException {
        ContainerSpec asked = withoutRefusedUlimits(spec, sink); // says once which limits go, as refused before
        while (true) {
            ContainerSpec attempt = rlimits.apply(withoutRefused(asked));
            String id = InterruptibleCall.run(() -> creation.create(attempt, keepAlive));
            reaper.track(id);
            boolean started = false;
            try {
                start(id, attempt);
                started = true;
                return id;
            } catch (UlimitRefusal refused) {
                adjustTo(refused, attempt, sink);
            } finally {
                if (!started) {
                    reaper.remove(id);
                } else if (!tracked) {
                    reaper.untrack(id);
                }
            }
        }
    }

    /**
     * After a refused ulimit, the next attempt goes without it (the daemon's own limit applies), or, for a limit
     * pinned on a rootful Podman, with half of it.
     */
    private void adjustTo(UlimitRefusal refused, ContainerSpec attempt, LogSink sink) {
        String name = refused.ulimit();
        if (rlimits.pins(name)) {
            long asked = attempt.ulimits().stream().filter(u -> u.name().equals(name)).mapToLong(Ulimit::hard).findFirst().orElse(-1);
            long next = rlimits.lower(name, asked).orElseThrow(() -> new ContainerFailedException("Podman may not set ulimit '" + name
                    + "' even to " + PodmanRlimits.FLOOR + ": check the limits of the Podman service (its systemd unit, or"
                    + " the shell that started 'podman system service').", null));
            sink.message("Podman may not raise ulimit '" + name + "' to " + asked + " (its own hard limit is lower); trying " + next + ".");
            return;
        }
        sink.message(refused.warning(product()));
        refusedUlimits.add(name);
    }

    private ContainerSpec withoutRefusedUlimits(ContainerSpec spec, LogSink sink) {
        spec.ulimits().stream().filter(u -> refusedUlimits.contains(u.name()))
                .forEach(u -> sink.message(UlimitRefusal.warning(u.name(), product())));
        return withoutRefused(spec);
    }

    /** The spec without the ulimits this daemon refused (a refusal in this call has warned already). */
    private ContainerSpec withoutRefused(ContainerSpec spec) {
        if (refusedUlimits.isEmpty() || spec.ulimits().stream().noneMatch(u -> refusedUlimits.contains(u.name()))) {
            return spec;
        }
        return spec.toBuilder().ulimits(spec.ulimits().stream().filter(u -> !refusedUlimits.contains(u.name())).toList()).build();
    }

    private void start(String id, ContainerSpec spec) throws InterruptedException {
        try {
            InterruptibleCall.run(() -> docker.startContainerCmd(id).exec());
        } catch (DockerException e) {
            throw startFailure(e, spec);
        }
    }

    /** A ulimit the daemon may not raise is retried without it; anything else is the container's failure. */
    private RuntimeException startFailure(DockerException e, ContainerSpec spec) {
        String message = DockerErrors.message(e);
        Optional<UlimitRefusal> refusal = UlimitRefusal.in(message, spec);
        if (refusal.isPresent()) {
            return refusal.get();
        }
        return new ContainerFailedException(product() + " could not start a container of " + spec.image() + ": "
                + message + DockerErrors.hint(e), e);
    }

    private String product() {
        return daemon.isPodman() ? "Podman" : "Docker";
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
        return daemon.describe(endpoint.host());
    }

    @Override
    public RuntimeFacts facts() {
        return new RuntimeFacts(describe(), true, daemon.runtimes(), cdiSupport());
    }

    @Override
    public GpuAccess gpuAccess(GpuRequest gpus) {
        return daemon.gpuAccess(gpus, cdiKind);
    }

    private CdiSupport cdiSupport() {
        if (daemon.resolvesCdi()) {
            return new CdiSupport(true, daemon.cdiSpecDirs(), endpoint.host().startsWith("unix://"), "");
        }
        String version = "docker " + daemon.version();
        return CdiSupport.none(daemon.majorVersion() < DaemonFacts.FIRST_DOCKER_WITH_CDI
                ? version + " is older than 25, the first Docker that resolves CDI devices"
                : "CDI is off on " + version + " (no \"features\": {\"cdi\": true} in its daemon.json)");
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
