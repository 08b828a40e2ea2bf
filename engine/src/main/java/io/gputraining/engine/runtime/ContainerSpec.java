package io.gputraining.engine.runtime;

import io.gputraining.engine.EngineException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything needed to start one container (or, for the {@linkplain LocalRuntime local runtime}, one host
 * process) the way a careful platform engineer would type it by hand. Build one with {@link #builder}.
 *
 * @param image        daemon reference of the image, ideally pinned ({@code name@sha256:…})
 * @param command      the command to run; for a long-lived session, the keep-alive command
 * @param env          environment for the command (values may be secret: never logged)
 * @param mounts       bind mounts; nothing else of the host is visible
 * @param workingDir   working directory inside the container, or null for the image's
 * @param user         {@code uid:gid} to run as, or null for the image's user
 * @param gpus         GPUs to hand to the container
 * @param shmSizeBytes size of /dev/shm (PyTorch data loaders need more than Docker's 64 MiB), 0 for default
 * @param ipcMode      Docker IPC mode ({@code host}, {@code private}, {@code shareable}), or null
 * @param ulimits      resource limits
 * @param networkMode  {@code none} (the default) or {@code host}; never the default bridge
 * @param memoryBytes  memory limit, 0 for none
 * @param owner        who the container belongs to (a build URL, {@code cli:pid@host}); recorded in labels
 * @param labels       extra labels
 * @param files        files put into the container before the command starts
 */
public record ContainerSpec(
        String image,
        List<String> command,
        Map<String, String> env,
        List<Mount> mounts,
        String workingDir,
        String user,
        GpuRequest gpus,
        long shmSizeBytes,
        String ipcMode,
        List<Ulimit> ulimits,
        String networkMode,
        long memoryBytes,
        String owner,
        Map<String, String> labels,
        List<FileToCopy> files) implements Serializable {

    public ContainerSpec {
        Objects.requireNonNull(image, "image");
        command = List.copyOf(command);
        env = Map.copyOf(env);
        mounts = List.copyOf(mounts);
        Objects.requireNonNull(gpus, "gpus");
        ulimits = List.copyOf(ulimits);
        labels = Map.copyOf(labels);
        files = List.copyOf(files);
        Objects.requireNonNull(owner, "owner");
        if (networkMode == null || networkMode.isBlank()) {
            networkMode = "none";
        }
        if (shmSizeBytes < 0 || memoryBytes < 0) {
            throw new EngineException("shm size and memory limit must not be negative.");
        }
        if (user != null && !user.matches("\\d+(:\\d+)?|[a-z_][a-z0-9_-]*(:[a-z_][a-z0-9_-]*)?")) {
            throw new EngineException("User '" + user + "' is not valid: give uid:gid such as 1000:1000.");
        }
    }

    /** A spec whose environment values are hidden, for logs and error messages. */
    @Override
    public String toString() {
        return "ContainerSpec[image=" + image + ", command=" + command + ", env=" + env.keySet()
                + ", mounts=" + mounts + ", workingDir=" + workingDir + ", user=" + user + ", gpus=" + gpus
                + ", network=" + networkMode + ", owner=" + owner + ", files=" + files.size() + "]";
    }

    public static Builder builder(String image) {
        return new Builder(image);
    }

    public Builder toBuilder() {
        Builder b = new Builder(image);
        b.command = new ArrayList<>(command);
        b.env = new LinkedHashMap<>(env);
        b.mounts = new ArrayList<>(mounts);
        b.workingDir = workingDir;
        b.user = user;
        b.gpus = gpus;
        b.shmSizeBytes = shmSizeBytes;
        b.ipcMode = ipcMode;
        b.ulimits = new ArrayList<>(ulimits);
        b.networkMode = networkMode;
        b.memoryBytes = memoryBytes;
        b.owner = owner;
        b.labels = new LinkedHashMap<>(labels);
        b.files = new ArrayList<>(files);
        return b;
    }

    /** Builds a {@link ContainerSpec}; defaults are those a PyTorch training container wants. */
    public static final class Builder {
        private final String image;
        private List<String> command = List.of();
        private Map<String, String> env = new LinkedHashMap<>();
        private List<Mount> mounts = new ArrayList<>();
        private String workingDir;
        private String user;
        private GpuRequest gpus = GpuRequest.none();
        private long shmSizeBytes = ShmSize.ENGINE_DEFAULT;
        private String ipcMode;
        private List<Ulimit> ulimits = new ArrayList<>(Ulimit.pytorchDefaults());
        private String networkMode = "none";
        private long memoryBytes;
        private String owner = "gpu-training";
        private Map<String, String> labels = new LinkedHashMap<>();
        private List<FileToCopy> files = new ArrayList<>();

        private Builder(String image) {
            this.image = image;
        }

        public Builder command(List<String> value) { this.command = new ArrayList<>(value); return this; }
        public Builder command(String... value) { return command(List.of(value)); }
        public Builder env(String name, String value) { this.env.put(name, value); return this; }
        public Builder env(Map<String, String> value) { this.env.putAll(value); return this; }
        public Builder mount(Mount value) { this.mounts.add(value); return this; }
        public Builder workingDir(String value) { this.workingDir = value; return this; }
        public Builder user(String value) { this.user = value; return this; }
        public Builder gpus(GpuRequest value) { this.gpus = value; return this; }
        public Builder shmSizeBytes(long value) { this.shmSizeBytes = value; return this; }
        public Builder ipcMode(String value) { this.ipcMode = value; return this; }
        public Builder ulimits(List<Ulimit> value) { this.ulimits = new ArrayList<>(value); return this; }
        public Builder networkMode(String value) { this.networkMode = value; return this; }
        public Builder memoryBytes(long value) { this.memoryBytes = value; return this; }
        public Builder owner(String value) { this.owner = value; return this; }
        public Builder label(String name, String value) { this.labels.put(name, value); return this; }
        public Builder file(FileToCopy value) { this.files.add(value); return this; }

        public ContainerSpec build() {
            return new ContainerSpec(image, command, env, mounts, workingDir, user, gpus, shmSizeBytes, ipcMode,
                    ulimits, networkMode, memoryBytes, owner, labels, files);
        }
    }
}
