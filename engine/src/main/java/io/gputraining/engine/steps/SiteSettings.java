package io.gputraining.engine.steps;

import io.gputraining.engine.gpu.GpuAllocator;
import io.gputraining.engine.image.ImageRequest;
import io.gputraining.engine.image.PullPolicy;
import io.gputraining.engine.runtime.RuntimeKind;
import java.io.Serializable;

/**
 * What an administrator sets once for every build (the plugin's global configuration): the image a training uses
 * when it names none, whether every image must be pinned by digest, the pull policy of steps that name none, where
 * GPU leases are kept on every host, and the runtime of steps that name none. Build one with {@link #builder()}.
 *
 * @param defaultImage     the image {@code trainAndRegister} uses when given none; null for none
 * @param requirePinned    whether every step must get images pinned by digest, whatever it says itself
 * @param pull             the pull policy of a step that names none ({@link PullPolicy}'s words); null for the engine's
 *                         default, {@value PullPolicy#DEFAULT_WORD}
 * @param gpuLockDirectory the one lock directory of every step, block, health check and CLI on a host
 * @param runtime          the runtime of a step that names none ({@link RuntimeKind}'s words); null for the engine's
 *                         default, docker
 */
public record SiteSettings(String defaultImage, boolean requirePinned, String pull, String gpuLockDirectory, String runtime)
        implements Serializable {

    public SiteSettings {
        defaultImage = defaultImage == null || defaultImage.isBlank() ? null : defaultImage.strip();
        pull = StepText.orDefault(pull, null);
        gpuLockDirectory = gpuLockDirectory == null || gpuLockDirectory.isBlank() ? GpuAllocator.DEFAULT_LOCK_DIRECTORY
                : gpuLockDirectory.strip();
        runtime = StepText.orDefault(runtime, null);
    }

    /** No default image, pinning left to each step, the engine's pull policy and runtime, the default lock directory. */
    public static SiteSettings defaults() {
        return builder().build();
    }

    /** Settings at their defaults; set what the administrator configured. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The one mapping of a step's image parameters to an {@link ImageRequest}: the site can require pinning for every
     * step, and gives the pull policy of a step that names none.
     *
     * @param reference     the image as the step names it
     * @param requirePinned whether the step itself requires a pinned image
     * @param pull          the step's pull policy, or null (or blank) for the site's
     * @throws io.gputraining.engine.image.InvalidImageReferenceException for a reference Docker would refuse
     * @throws io.gputraining.engine.image.InvalidPullPolicyException      for a word that is no pull policy
     */
    public ImageRequest imageRequest(String reference, boolean requirePinned, String pull) {
        return ImageRequest.builder(reference).requirePinned(requirePinned || this.requirePinned)
                .pull(PullPolicy.parse(StepText.orDefault(pull, this.pull))).build();
    }

    /**
     * The runtime a step runs on: the one it names, else the site's, else the engine's default (docker).
     *
     * @param stepRuntime the step's {@code runtime}, or null (or blank) for the site's
     * @throws io.gputraining.engine.EngineException for a name that is no runtime, listing the known ones
     */
    public RuntimeKind runtime(String stepRuntime) {
        return RuntimeKind.parse(stepRuntime, RuntimeKind.parse(runtime));
    }

    /** Builds {@link SiteSettings}. The field initialisers are the defaults, and the only place they live. */
    public static final class Builder {
        private String defaultImage;
        private boolean requirePinned;
        private String pull;
        private String gpuLockDirectory = GpuAllocator.DEFAULT_LOCK_DIRECTORY;
        private String runtime;

        private Builder() {
        }

        public Builder defaultImage(String value) { this.defaultImage = value; return this; }
        public Builder requirePinned(boolean value) { this.requirePinned = value; return this; }
        /** The pull policy's word; null (the default) for the engine's. */
        public Builder pull(String value) { this.pull = value; return this; }
        public Builder gpuLockDirectory(String value) { this.gpuLockDirectory = value; return this; }
        /** The runtime's word; null (the default) for the engine's. */
        public Builder runtime(String value) { this.runtime = value; return this; }

        public SiteSettings build() {
            return new SiteSettings(defaultImage, requirePinned, pull, gpuLockDirectory, runtime);
        }
    }
}
