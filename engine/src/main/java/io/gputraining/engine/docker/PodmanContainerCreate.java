package io.gputraining.engine.docker;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gputraining.engine.runtime.ContainerSpec;
import io.gputraining.engine.runtime.Mount;
import io.gputraining.engine.runtime.Ulimit;
import java.math.BigInteger;

/**
 * Creates a planned container through Podman's own API ({@code POST /libpod/containers/create}), because its
 * Docker-compatible create cannot express what we need there: CDI devices (Podman 4 turns
 * {@code HostConfig.Devices} into device paths, and only Podman 5.4+ reads Docker's {@code cdi} device requests)
 * and, for a rootless service, {@code keep-id}. The hardening is the same as on Docker.
 */
final class PodmanContainerCreate {

    /** RLIM_INFINITY: Podman's rlimits are unsigned, so Docker's -1 is sent as 2^64-1. */
    static final BigInteger UNLIMITED = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private PodmanContainerCreate() {
    }

    static String create(PodmanApi podman, DaemonFacts daemon, ContainerPlan plan) {
        return podman.createContainer(specGenerator(daemon, plan));
    }

    /** The SpecGenerator document for {@code plan}. */
    static ObjectNode specGenerator(DaemonFacts daemon, ContainerPlan plan) {
        ContainerSpec spec = plan.spec();
        if (spec.memoryBytes() > 0 && !daemon.canLimitMemory()) {
            throw new ContainerSettingRefusedException("A memory limit cannot be kept on this Podman: it runs rootless on"
                    + " cgroup v1, where containers get no memory cgroup (Podman would ignore the limit). Run the agent on"
                    + " cgroup v2 (systemd.unified_cgroup_hierarchy=1 on the kernel command line), use a rootful Podman"
                    + " service, or leave out the memory limit.");
        }
        JsonNodeFactory json = JsonNodeFactory.instance;
        ObjectNode s = json.objectNode();
        s.put("name", plan.name());
        s.put("image", spec.image());
        plan.command().forEach(s.putArray("command")::add);
        ObjectNode env = s.putObject("env");
        plan.env().forEach(env::put);
        ObjectNode labels = s.putObject("labels");
        plan.labels().forEach(labels::put);
        if (spec.workingDir() != null) {
            s.put("work_dir", spec.workingDir());
        }
        user(s, daemon, spec.user());
        s.put("privileged", false);
        s.put("no_new_privileges", true);
        s.putObject("netns").put("nsmode", spec.networkMode());
        if (spec.ipcMode() != null) {
            s.putObject("ipcns").put("nsmode", spec.ipcMode());
        }
        if (spec.shmSizeBytes() > 0) {
            s.put("shm_size", spec.shmSizeBytes());
        }
        ArrayNode mounts = s.putArray("mounts");
        for (Mount m : spec.mounts()) {
            ObjectNode mount = mounts.addObject().put("destination", m.containerPath()).put("source", m.hostPath()).put("type", "bind");
            mount.putArray("options").add("rbind").add(m.readOnly() ? "ro" : "rw");
        }
        ArrayNode rlimits = s.putArray("r_limits");
        for (Ulimit u : spec.ulimits()) {
            rlimits.addObject().put("type", u.name()).put("soft", unsigned(u.soft())).put("hard", unsigned(u.hard()));
        }
        if (spec.memoryBytes() > 0) {
            // Swap capped at the limit too, as on Docker: past it the OOM killer ends the process.
            s.putObject("resource_limits").putObject("memory").put("limit", spec.memoryBytes()).put("swap", spec.memoryBytes());
        }
        ArrayNode devices = s.putArray("devices");
        plan.gpus().devices().forEach(name -> devices.addObject().put("path", name));
        if (plan.keepAlive()) {
            s.put("stdin", true);
            s.put("init", true);
        }
        s.put("terminal", false);
        return s;
    }

    /**
     * Rootless, a container asked to run "as the caller" runs as the service's own user under its own uid
     * ({@code keep-id}): the one user whose files on the host are the build's, since a rootless service can write
     * the host's files as no one else. Without a user it runs as the image's user in Podman's default mapping (the
     * container's root is the service's user). Rootful, the caller's {@code uid:gid} as on Docker.
     */
    private static void user(ObjectNode s, DaemonFacts daemon, String user) {
        if (user == null) {
            return;
        }
        if (daemon.rootless() && daemon.serviceUser() != null) {
            s.putObject("userns").put("nsmode", "keep-id");
            s.put("user", daemon.serviceUser());
        } else {
            s.put("user", user);
        }
    }

    private static BigInteger unsigned(long value) {
        return value < 0 ? UNLIMITED : BigInteger.valueOf(value);
    }
}
