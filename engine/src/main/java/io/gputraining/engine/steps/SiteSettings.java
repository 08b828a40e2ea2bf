package io.gputraining.engine.steps;

import io.gputraining.engine.gpu.GpuAllocator;
import io.gputraining.engine.image.ImageRequest;
import io.gputraining.engine.image.PullPolicy;
import java.io.Serializable;

/**
 * What an administrator sets once for every build (the plugin's global configuration): the image a training uses
 * when it names none, whether every image must be pinned by digest, the pull policy of steps that name none, and
 * where GPU leases are kept on every host.
 *
 * @param defaultImage     the image {@code trainAndRegister} uses when given none; null for none
 * @param requirePinned    whether every step must get images pinned by digest, whatever it says itself
 * @param pull             the pull policy of a step that names none ({@link PullPolicy}'s words); null for the engine's
 *                         default, {@value PullPolicy#DEFAULT_WORD}
 * @param gpuLockDirectory the one lock directory of every step, block, health check and CLI on a host
 */
public record SiteSettings(String defaultImage, boolean requirePinned, String pull, String gpuLockDirectory)
        implements Serializable {

    public SiteSettings {
        defaultImage = defaultImage == null || defaultImage.isBlank() ? null : defaultImage.strip();
        pull = StepText.orDefault(pull, null);
        gpuLockDirectory = gpuLockDirectory == null || gpuLockDirectory.isBlank() ? GpuAllocator.DEFAULT_LOCK_DIRECTORY
                : gpuLockDirectory.strip();
    }

    /** No default image, pinning left to each step, the engine's pull policy, the default lock directory. */
    public static SiteSettings defaults() {
        return new SiteSettings(null, false, null, null);
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
}
