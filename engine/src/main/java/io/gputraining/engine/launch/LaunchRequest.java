package io.gputraining.engine.launch;

import io.gputraining.engine.gpu.GpuAllocator;
import io.gputraining.engine.image.ImageRequest;
import io.gputraining.engine.preflight.HealthCheckRequest;
import io.gputraining.engine.preflight.PreflightPolicy;
import io.gputraining.engine.runtime.GpuRequest;
import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * What GPU work is started in: the image to pin, the GPUs to lease, the preflight to run on exactly those GPUs, and
 * whose it is. Shared by the training, the container blocks and the CLI's {@code run}. Build one with
 * {@link #builder()}, which holds every default; {@link #toBuilder()} gives "the same request with X changed".
 *
 * @param image            the image; null on the local runtime (the host is the image)
 * @param gpus             the GPUs to lease and give the container
 * @param preflight        the preflight policy, or null to skip the preflight
 * @param python           the interpreter the preflight's probe runs with
 * @param owner            who the container and the lease belong to (build URL, {@code cli})
 * @param user             {@code uid:gid} to run as, or null for the image's user
 * @param gpuLockDirectory where GPU leases are kept (shared by every executor and CLI on the host)
 * @param gpuWait          how long to wait for GPUs another run holds
 */
public record LaunchRequest(ImageRequest image, GpuRequest gpus, PreflightPolicy preflight, String python, String owner,
                            String user, String gpuLockDirectory, Duration gpuWait) implements Serializable {

    /** Use {@link #builder()}; this constructor only checks what the builder gives it. */
    public LaunchRequest {
        Objects.requireNonNull(gpus, "gpus");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(gpuLockDirectory, "gpuLockDirectory");
        Objects.requireNonNull(gpuWait, "gpuWait");
        if (python == null || python.isBlank()) {
            python = HealthCheckRequest.DEFAULT_PYTHON;
        }
        if (gpuWait.isNegative()) {
            throw new IllegalArgumentException("The GPU wait must not be negative, was " + gpuWait + ".");
        }
    }

    /** A request with every default; the caller sets at least the owner, and the image on Docker. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding every component of this request. */
    public Builder toBuilder() {
        return new Builder().image(image).gpus(gpus).preflight(preflight).python(python).owner(owner).user(user)
                .gpuLockDirectory(gpuLockDirectory).gpuWait(gpuWait);
    }

    /** Builds a {@link LaunchRequest}. The field initialisers are the defaults, and the only place they live. */
    public static final class Builder {
        private ImageRequest image;
        private GpuRequest gpus = GpuRequest.defaultRequest();
        private PreflightPolicy preflight = PreflightPolicy.defaults();
        private String python = HealthCheckRequest.DEFAULT_PYTHON;
        private String owner;
        private String user;
        private String gpuLockDirectory = GpuAllocator.DEFAULT_LOCK_DIRECTORY;
        private Duration gpuWait = GpuAllocator.DEFAULT_WAIT;

        private Builder() {
        }

        /** The image; null (the default) on the local runtime. */
        public Builder image(ImageRequest value) { this.image = value; return this; }
        public Builder gpus(GpuRequest value) { this.gpus = value; return this; }
        /** The preflight policy; null skips the preflight. */
        public Builder preflight(PreflightPolicy value) { this.preflight = value; return this; }
        public Builder python(String value) { this.python = value; return this; }
        public Builder owner(String value) { this.owner = value; return this; }
        /** {@code uid:gid} in the container; null (the default) for the image's user. */
        public Builder user(String value) { this.user = value; return this; }
        public Builder gpuLockDirectory(String value) { this.gpuLockDirectory = value; return this; }
        public Builder gpuWait(Duration value) { this.gpuWait = value; return this; }

        public LaunchRequest build() {
            return new LaunchRequest(image, gpus, preflight, python, owner, user, gpuLockDirectory, gpuWait);
        }
    }
}
