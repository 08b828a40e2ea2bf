package io.gputraining.engine.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.DeviceRequest;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Volume;
import io.gputraining.engine.runtime.ContainerSpec;
import io.gputraining.engine.runtime.FileToCopy;
import io.gputraining.engine.runtime.GpuRequest;
import io.gputraining.engine.runtime.Labels;
import io.gputraining.engine.runtime.Owner;
import io.gputraining.engine.runtime.Ulimit;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Turns a {@link ContainerSpec} into a created (not started) container. This is the one place that decides
 * how our containers are hardened: never privileged, {@code no-new-privileges}, all capabilities Docker
 * grants by default kept but nothing added, only the mounts asked for, no network but {@code none} or
 * {@code host}, and a one-shot container's environment kept out of its config ({@link EnvironmentFile}).
 */
final class ContainerCreation {

    /** Keeps a session's container alive until it is removed, in any image that has coreutils or busybox. */
    static final List<String> KEEP_ALIVE = List.of("cat");

    private final DockerClient docker;

    ContainerCreation(DockerClient docker) {
        this.docker = docker;
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
        CreateContainerCmd cmd = docker.createContainerCmd(spec.image())
                .withName(name)
                .withCmd(command)
                .withEnv(environment(spec.user(), configEnv))
                .withLabels(labels(spec))
                .withHostConfig(hostConfig(spec, keepAlive))
                .withAttachStdout(true)
                .withAttachStderr(true)
                .withTty(false);
        if (keepAlive) {
            cmd.withStdinOpen(true);
        }
        if (spec.workingDir() != null) {
            cmd.withWorkingDir(spec.workingDir());
        }
        if (spec.user() != null) {
            cmd.withUser(spec.user());
        }
        try {
            String id = cmd.exec().getId();
            if (!files.isEmpty()) {
                docker.copyArchiveToContainerCmd(id)
                        .withTarInputStream(new ByteArrayInputStream(FileArchive.of(files)))
                        .withRemotePath("/")
                        .exec();
            }
            return id;
        } catch (RuntimeException e) {
            removeIfCreated(name);
            throw translate(e, spec);
        }
    }

    /** An interrupted create may have created the container without telling us its id: remove it by name. */
    private void removeIfCreated(String name) {
        boolean interrupted = Thread.interrupted();
        try {
            docker.removeContainerCmd(name).withForce(true).exec();
        } catch (RuntimeException notThere) {
            // the usual case: the daemon refused the create, so nothing exists
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static RuntimeException translate(RuntimeException failure, ContainerSpec spec) {
        if (failure instanceof NotFoundException e) {
            return new ContainerFailedException("Image " + spec.image() + " is not present on the Docker host; ensure (pull) it"
                    + " before creating a container: " + e.getMessage(), e);
        }
        if (failure instanceof DockerException e) {
            return new ContainerFailedException("Docker refused to create a container from " + spec.image() + ": "
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

    private static List<String> environment(String user, Map<String, String> variables) {
        Map<String, String> env = new LinkedHashMap<>();
        if (user != null) {
            // An arbitrary uid has no home in the image; torch and pip want a writable one for caches.
            env.put("HOME", "/tmp");
        }
        env.putAll(variables);
        List<String> list = new ArrayList<>();
        env.forEach((k, v) -> list.add(k + "=" + v));
        return list;
    }

    private static Map<String, String> labels(ContainerSpec spec) {
        Map<String, String> labels = new LinkedHashMap<>(spec.labels());
        labels.put(Labels.MANAGED, "1");
        labels.put(Labels.OWNER_PROCESS, Owner.thisProcess().label());
        labels.put(Labels.OWNER, spec.owner());
        return labels;
    }

    private static HostConfig hostConfig(ContainerSpec spec, boolean keepAlive) {
        HostConfig host = HostConfig.newHostConfig()
                .withPrivileged(false)
                .withSecurityOpts(List.of("no-new-privileges"))
                .withNetworkMode(spec.networkMode())
                .withBinds(spec.mounts().stream()
                        .map(m -> new Bind(m.hostPath(), new Volume(m.containerPath()), m.readOnly() ? AccessMode.ro : AccessMode.rw))
                        .toList())
                .withUlimits(spec.ulimits().stream().map(ContainerCreation::ulimit).toList())
                // An init process reaps what commands leave behind in a long-lived container.
                .withInit(keepAlive ? Boolean.TRUE : null);
        if (spec.shmSizeBytes() > 0) {
            host.withShmSize(spec.shmSizeBytes());
        }
        if (spec.ipcMode() != null) {
            host.withIpcMode(spec.ipcMode());
        }
        if (spec.memoryBytes() > 0) {
            // Swap capped at the limit too: past it the OOM killer ends the process instead of the host swapping.
            host.withMemory(spec.memoryBytes()).withMemorySwap(spec.memoryBytes());
        }
        if (!spec.gpus().wantsNone()) {
            host.withDeviceRequests(List.of(deviceRequest(spec.gpus())));
        }
        return host;
    }

    static DeviceRequest deviceRequest(GpuRequest gpus) {
        DeviceRequest request = new DeviceRequest()
                .withDriver("nvidia")
                .withCapabilities(List.of(List.of("gpu")));
        if (!gpus.deviceIds().isEmpty()) {
            return request.withDeviceIds(gpus.deviceIds());
        }
        return request.withCount(gpus.wantsAll() ? -1 : gpus.count());
    }

    private static com.github.dockerjava.api.model.Ulimit ulimit(Ulimit u) {
        return new com.github.dockerjava.api.model.Ulimit(u.name(), u.soft(), u.hard());
    }
}
