package io.gputraining.engine.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.DeviceRequest;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.LogConfig;
import com.github.dockerjava.api.model.Volume;
import io.gputraining.engine.runtime.ContainerSpec;
import io.gputraining.engine.runtime.GpuAccess;
import io.gputraining.engine.runtime.GpuRequest;
import io.gputraining.engine.runtime.Ulimit;
import java.util.ArrayList;
import java.util.List;

/** Creates a planned container through Docker's API ({@code POST /containers/create}). */
final class DockerContainerCreate {

    private DockerContainerCreate() {
    }

    /** @param logConfig how the daemon logs the container's output; null for the daemon's default */
    static String create(DockerClient docker, ContainerPlan plan, LogConfig logConfig) {
        ContainerSpec spec = plan.spec();
        List<String> env = new ArrayList<>();
        plan.env().forEach((k, v) -> env.add(k + "=" + v));
        CreateContainerCmd cmd = docker.createContainerCmd(spec.image())
                .withName(plan.name())
                .withCmd(plan.command())
                .withEnv(env)
                .withLabels(plan.labels())
                .withHostConfig(hostConfig(plan).withLogConfig(logConfig))
                .withAttachStdout(true)
                .withAttachStderr(true)
                .withTty(false);
        if (plan.keepAlive()) {
            cmd.withStdinOpen(true);
        }
        if (spec.workingDir() != null) {
            cmd.withWorkingDir(spec.workingDir());
        }
        if (spec.user() != null) {
            cmd.withUser(spec.user());
        }
        return cmd.exec().getId();
    }

    private static HostConfig hostConfig(ContainerPlan plan) {
        ContainerSpec spec = plan.spec();
        HostConfig host = HostConfig.newHostConfig()
                .withPrivileged(false)
                .withSecurityOpts(List.of("no-new-privileges"))
                .withNetworkMode(spec.networkMode())
                .withBinds(spec.mounts().stream()
                        .map(m -> new Bind(m.hostPath(), new Volume(m.containerPath()), m.readOnly() ? AccessMode.ro : AccessMode.rw))
                        .toList())
                .withUlimits(spec.ulimits().stream().map(DockerContainerCreate::ulimit).toList())
                // An init process reaps what commands leave behind in a long-lived container.
                .withInit(plan.keepAlive() ? Boolean.TRUE : null);
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
        if (plan.gpus().mode() == GpuAccess.Mode.CDI) {
            host.withDeviceRequests(List.of(cdiRequest(plan.gpus().devices())));
        } else if (plan.gpus().mode() == GpuAccess.Mode.DEVICE_REQUEST) {
            host.withDeviceRequests(List.of(deviceRequest(spec.gpus())));
        }
        return host;
    }

    /** What {@code docker run --gpus} sends: driver {@code nvidia}, capability {@code gpu}, and all, a count or ids. */
    static DeviceRequest deviceRequest(GpuRequest gpus) {
        DeviceRequest request = new DeviceRequest()
                .withDriver("nvidia")
                .withCapabilities(List.of(List.of("gpu")));
        if (!gpus.deviceIds().isEmpty()) {
            return request.withDeviceIds(gpus.deviceIds());
        }
        return request.withCount(gpus.wantsAll() ? -1 : gpus.count());
    }

    /** What {@code docker run --device nvidia.com/gpu=0} sends to Docker 25 and later: the {@code cdi} driver with the names. */
    static DeviceRequest cdiRequest(List<String> qualifiedNames) {
        return new DeviceRequest().withDriver("cdi").withDeviceIds(qualifiedNames);
    }

    private static com.github.dockerjava.api.model.Ulimit ulimit(Ulimit u) {
        return new com.github.dockerjava.api.model.Ulimit(u.name(), u.soft(), u.hard());
    }
}
