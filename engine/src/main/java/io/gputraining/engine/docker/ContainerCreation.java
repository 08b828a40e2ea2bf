package io.gputraining.engine.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import io.gputraining.engine.cdi.CdiKind;
import io.gputraining.engine.runtime.ContainerSpec;
import io.gputraining.engine.runtime.FileToCopy;
import io.gputraining.engine.runtime.Labels;
import io.gputraining.engine.runtime.Owner;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Turns a {@link ContainerSpec} into a created (not started) container. This is the one place that decides
 * how our containers are hardened: never privileged, {@code no-new-privileges}, all capabilities the daemon
 * grants by default kept but nothing added, only the mounts asked for, no network but {@code none} or
 * {@code host}, and a one-shot container's environment kept out of its config ({@link EnvironmentFile}).
 * Docker gets the plan through its API ({@link DockerContainerCreate}), Podman through its own
 * ({@link PodmanContainerCreate}); everything after the create is the same Docker-compatible call on both.
 */
final class ContainerCreation {

    /** Keeps a session's container alive until it is removed, in any image that has coreutils or busybox. */
    static final List<String> KEEP_ALIVE = List.of("cat");

    /** How long a create whose request an interrupt cut off may still be under way in the daemon. */
    private static final long CUT_CREATE_WAIT_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(5);

    private final DockerClient docker;
    private final DaemonFacts daemon;
    private final PodmanApi podman;
    private final CdiKind cdiKind;
    private final DaemonLogCopy logCopy;

    /**
     * @param podman  Podman's own API on the same socket; used only when {@code daemon} is Podman
     * @param cdiKind the kind of CDI device a GPU request becomes where the daemon resolves CDI
     */
    ContainerCreation(DockerClient docker, DaemonFacts daemon, PodmanApi podman, CdiKind cdiKind) {
        this.docker = docker;
        this.daemon = daemon;
        this.podman = podman;
        this.cdiKind = cdiKind;
        this.logCopy = new DaemonLogCopy(docker);
    }

    /**
     * Creates the container and returns its id.
     *
     * @param keepAlive true for a session container: runs {@link #KEEP_ALIVE} with stdin held open unless the
     *                  spec gives its own command
     */
    String create(ContainerSpec spec, boolean keepAlive) {
        List<String> command = keepAlive && spec.command().isEmpty() ? KEEP_ALIVE : spec.command();
        if (command.isEmpty()) {
            throw new IllegalArgumentException("a one-shot container needs a command");
        }
        checkNetwork(spec.networkMode());
        List<FileToCopy> files = new ArrayList<>(spec.files());
        Map<String, String> configEnv = spec.env();
        // A one-shot container's environment holds the caller's secrets (training tokens); a session's is the
        // step's own variables (its commands get theirs per exec), and its keep-alive command cannot be wrapped.
        if (!keepAlive && !spec.env().isEmpty()) {
            EnvironmentFile carried = EnvironmentFile.of(spec.env(), command);
            files.add(carried.file());
            command = carried.command();
            configEnv = Map.of();
        }
        String name = "gpu-training-" + UUID.randomUUID().toString().substring(0, 12);
        ContainerPlan plan = new ContainerPlan(spec, name, command, environment(spec.user(), configEnv), labels(spec),
                keepAlive, daemon.gpuAccess(spec.gpus(), cdiKind));
        try {
            // A session's keep-alive process prints nothing; a detached training is read back from the daemon's own
            // log (docker logs) after a restart, so the daemon keeps it.
            boolean daemonLogNeeded = keepAlive || spec.labels().containsKey(Labels.DETACHED);
            String id = daemon.isPodman() ? PodmanContainerCreate.create(podman, daemon, plan) : DockerContainerCreate.create(docker, plan,
                    daemonLogNeeded ? null : logCopy.logConfig());
            if (!files.isEmpty()) {
                docker.copyArchiveToContainerCmd(id)
                        .withTarInputStream(new ByteArrayInputStream(FileArchive.of(files)))
                        .withRemotePath("/")
                        .exec();
            }
            return id;
        } catch (RuntimeException e) {
            removeIfCreated(name, InterruptibleCall.causedByInterrupt(e) || Thread.currentThread().isInterrupted());
            throw translate(e, spec);
        }
    }

    /**
     * An interrupted create may have created the container without telling us its id: remove it by name. When the
     * request was cut off, the daemon may still be creating it (Podman's create takes a while): look again for a
     * moment, so that nothing appears after the caller has moved on.
     */
    private void removeIfCreated(String name, boolean requestCut) {
        boolean interrupted = Thread.interrupted();
        try {
            long deadline = System.nanoTime() + (requestCut ? CUT_CREATE_WAIT_NANOS : 0);
            while (true) {
                try {
                    docker.removeContainerCmd(name).withForce(true).exec();
                    return;
                } catch (RuntimeException notThere) {
                    // the usual case: the daemon refused the create, so nothing exists (yet, when the request was cut)
                }
                if (System.nanoTime() >= deadline) {
                    return;
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException again) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private RuntimeException translate(RuntimeException failure, ContainerSpec spec) {
        String product = daemon.isPodman() ? "Podman" : "Docker";
        if (failure instanceof NotFoundException e) {
            return new ContainerFailedException("Image " + spec.image() + " is not present on the " + product + " host; ensure (pull)"
                    + " it before creating a container: " + DockerErrors.message(e), e);
        }
        if (failure instanceof DockerException e) {
            return new ContainerFailedException(product + " refused to create a container from " + spec.image() + ": "
                    + DockerErrors.message(e) + DockerErrors.hint(e), e);
        }
        return failure;
    }

    private static void checkNetwork(String mode) {
        if (!mode.equals("none") && !mode.equals("host")) {
            throw new IllegalArgumentException("network mode '" + mode + "' is not allowed: use 'none' (default) or 'host'."
                    + " Bridge networks are not used, so containers reach nothing but what the host allows.");
        }
    }

    private static Map<String, String> environment(String user, Map<String, String> variables) {
        Map<String, String> env = new LinkedHashMap<>();
        if (user != null) {
            // An arbitrary uid has no home in the image; torch and pip want a writable one for caches.
            env.put("HOME", "/tmp");
        }
        env.putAll(variables);
        return env;
    }

    private static Map<String, String> labels(ContainerSpec spec) {
        Map<String, String> labels = new LinkedHashMap<>(spec.labels());
        labels.put(Labels.MANAGED, "1");
        labels.put(Labels.OWNER_PROCESS, Owner.thisProcess().label());
        labels.put(Labels.OWNER, spec.owner());
        return labels;
    }
}
