package io.gputraining.engine.steps;

import io.gputraining.engine.gpu.GpuAllocator;
import java.io.Serializable;

/**
 * What an administrator sets once for every build (the plugin's global configuration): the image a training uses
 * when it names none, whether every image must be pinned by digest, and where GPU leases are kept on every host.
 *
 * @param defaultImage     the image {@code trainAndRegister} uses when given none; null for none
 * @param requirePinned    whether every step must get images pinned by digest, whatever it says itself
 * @param gpuLockDirectory the one lock directory of every step, block, health check and CLI on a host
 */
public record SiteSettings(String defaultImage, boolean requirePinned, String gpuLockDirectory) implements Serializable {

    public SiteSettings {
        defaultImage = defaultImage == null || defaultImage.isBlank() ? null : defaultImage.strip();
        gpuLockDirectory = gpuLockDirectory == null || gpuLockDirectory.isBlank() ? GpuAllocator.DEFAULT_LOCK_DIRECTORY
                : gpuLockDirectory.strip();
    }

    /** No default image, pinning left to each step, the default lock directory. */
    public static SiteSettings defaults() {
        return new SiteSettings(null, false, null);
    }
}
