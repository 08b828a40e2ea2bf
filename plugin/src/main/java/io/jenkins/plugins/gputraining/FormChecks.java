package io.jenkins.plugins.gputraining;

import hudson.Util;
import hudson.model.Item;
import hudson.util.FormValidation;
import io.gputraining.engine.EngineException;
import io.gputraining.engine.image.ManifestDigestResolver;
import io.gputraining.engine.image.PinAdvice;
import io.gputraining.engine.runtime.GpuRequest;
import io.gputraining.engine.runtime.MemoryLimit;
import io.gputraining.engine.runtime.ReadOnlyMount;
import io.gputraining.engine.runtime.ShmSize;
import java.time.Duration;
import java.util.Optional;
import jenkins.model.Jenkins;

/**
 * The form checks of the steps' fields, shared by every step, builder, wrapper and agent: each reads the text the way
 * the engine will, so the form and the build never disagree. Only {@link #image} may leave the controller, to ask a
 * registry anonymously for a tag's digest, and only for someone who may configure the job (or, outside a job, administer
 * Jenkins): no login is ever sent, and a slow registry is given up on after a few seconds.
 */
public final class FormChecks {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(3);

    private FormChecks() {
    }

    /**
     * An image reference: invalid is an error, a tag a warning (with the digest to pin, where the registry says it
     * anonymously and the user may configure {@code item}), pinned fine.
     *
     * @param item     the job whose form this is, or null outside a job (the global Snippet Generator)
     * @param required whether a blank value is an error (else the global default image applies)
     */
    public static FormValidation image(String value, Item item, boolean required) {
        String text = Util.fixEmptyAndTrim(value);
        if (text == null) {
            return required ? FormValidation.error(Messages.FormChecks_ImageRequired()) : FormValidation.ok();
        }
        if (text.contains("${")) {
            return FormValidation.ok(Messages.FormChecks_Expression());
        }
        Optional<ManifestDigestResolver> resolver = mayAskRegistries(item)
                ? Optional.of(ManifestDigestResolver.builder().connectTimeout(CONNECT_TIMEOUT).requestTimeout(REQUEST_TIMEOUT).build())
                : Optional.empty();
        PinAdvice advice = PinAdvice.of(text, resolver, PinAdvice.DEFAULT_BUDGET);
        return switch (advice.verdict()) {
            case PINNED -> FormValidation.ok(advice.message());
            case TAG -> FormValidation.warning(advice.message());
            case INVALID -> FormValidation.error(advice.message());
        };
    }

    /** {@code all}, {@code none}, a count or device ids, as {@link GpuRequest} reads them. */
    public static FormValidation gpus(String value) {
        try {
            GpuRequest.parse(value);
            return FormValidation.ok();
        } catch (EngineException | IllegalArgumentException e) {
            return FormValidation.error(e.getMessage());
        }
    }

    /** A memory limit as {@code docker run --memory} takes it; blank for none. */
    public static FormValidation memory(String value) {
        if (Util.fixEmptyAndTrim(value) == null) {
            return FormValidation.ok();
        }
        try {
            return FormValidation.ok(Messages.FormChecks_MemoryLimit(MemoryLimit.parse(value)));
        } catch (EngineException e) {
            return FormValidation.error(e.getMessage());
        }
    }

    /** A {@code /dev/shm} size as {@code docker run --shm-size} takes it; blank for the engine's 2 GiB. */
    public static FormValidation shmSize(String value) {
        try {
            return FormValidation.ok(Messages.FormChecks_ShmSize(ShmSize.parse(value)));
        } catch (EngineException e) {
            return FormValidation.error(e.getMessage());
        }
    }

    /** Read-only mounts, one per line, as {@link ReadOnlyMount} reads them. */
    public static FormValidation mounts(String value) {
        for (String line : TextLines.of(value)) {
            try {
                ReadOnlyMount.parse(line);
            } catch (EngineException e) {
                return FormValidation.error(e.getMessage());
            }
        }
        return FormValidation.ok();
    }

    /** Whether the current user may make the controller ask a registry: who may configure the job, or an administrator. */
    static boolean mayAskRegistries(Item item) {
        return item != null ? item.hasPermission(Item.CONFIGURE) : Jenkins.get().hasPermission(Jenkins.ADMINISTER);
    }
}
