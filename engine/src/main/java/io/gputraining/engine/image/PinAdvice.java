package io.gputraining.engine.image;

import io.gputraining.engine.EngineException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What to tell someone who is writing an image reference into a form: whether it is valid, whether it is pinned, and for
 * a tag, the digest to pin it to when the registry says so within a short time. Only the registry's anonymous answer is
 * asked for: a form check runs where no build's registry logins are, and must not wait on a slow registry.
 *
 * @param verdict what the reference is
 * @param message one or two sentences for the form, saying what to do
 * @param pinned  the reference pinned to the digest the registry gave, for a tag it resolved; else null
 */
public record PinAdvice(Verdict verdict, String message, String pinned) {

    /** The kinds of answer, from best to worst. */
    public enum Verdict {
        /** Pinned by digest, or an image ID: the content cannot change under the build. */
        PINNED,
        /** A tag, which a push can move: valid, but every build may get other content. */
        TAG,
        /** Not a reference Docker would take. */
        INVALID
    }

    /** How long a form may wait for the registry, in all (token exchange and manifest requests together). */
    public static final Duration DEFAULT_BUDGET = Duration.ofSeconds(4);

    /**
     * Judges {@code reference}; for a tag, asks {@code resolver} (when given) for the digest it means now.
     *
     * @param reference the text as written
     * @param resolver  how to ask registries, or empty to judge the text alone
     * @param budget    how long to wait for the registry at most; the lookup is abandoned (and interrupted) after it
     */
    public static PinAdvice of(String reference, Optional<ManifestDigestResolver> resolver, Duration budget) {
        ImageReference parsed;
        try {
            parsed = ImageReference.parse(reference == null ? "" : reference.strip());
        } catch (EngineException e) {
            return new PinAdvice(Verdict.INVALID, e.getMessage(), null);
        }
        if (parsed instanceof ImageId id) {
            return new PinAdvice(Verdict.PINNED, "An image ID (" + id.shortId() + "): pinned, but no registry serves it, so it runs"
                    + " only on agents whose daemon built or loaded it.", null);
        }
        ImageRef ref = (ImageRef) parsed;
        if (ref.isPinned()) {
            return new PinAdvice(Verdict.PINNED, "Pinned by digest.", null);
        }
        String unpinned = ref + " is a tag, which a push can move to other content: pin it by digest";
        if (resolver.isEmpty()) {
            return new PinAdvice(Verdict.TAG, unpinned + " (gpu-training health --image " + ref + " --require-pinned prints it).", null);
        }
        try {
            String digest = withinBudget(() -> resolver.get().resolve(ref, Optional.empty()), budget);
            String pinned = ref.withDigest(digest).toString();
            return new PinAdvice(Verdict.TAG, unpinned + ". The registry serves " + digest + " for it now: write " + pinned + ".",
                    pinned);
        } catch (ImageNotFoundException e) {
            return new PinAdvice(Verdict.TAG, unpinned + ". The registry has no such tag (" + e.getMessage() + "); an image only an"
                    + " agent's daemon has (docker build, docker load) runs pinned to its image ID.", null);
        } catch (EngineException e) {
            return new PinAdvice(Verdict.TAG, unpinned + ". Its digest could not be asked from here without logins: " + e.getMessage(),
                    null);
        }
    }

    /** A lookup that may block. */
    interface Lookup {
        String get() throws InterruptedException;
    }

    /** Runs {@code lookup} on a thread of its own and gives up on it, interrupting it, after {@code budget}. */
    static String withinBudget(Lookup lookup, Duration budget) {
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread thread = new Thread(() -> {
            try {
                outcome.set(lookup.get());
            } catch (InterruptedException e) {
                outcome.set(new RegistryException("the lookup was interrupted.", e));
            } catch (RuntimeException e) {
                outcome.set(e);
            }
        }, "gpu-training image pin lookup");
        thread.setDaemon(true);
        thread.start();
        try {
            thread.join(budget.toMillis());
        } catch (InterruptedException e) {
            thread.interrupt();
            Thread.currentThread().interrupt();
            throw new RegistryException("the check was interrupted.");
        }
        Object result = outcome.get();
        if (result == null) {
            thread.interrupt();
            throw new RegistryException("the registry did not answer within " + budget.toSeconds() + " s.");
        }
        if (result instanceof RuntimeException e) {
            throw e;
        }
        return (String) result;
    }
}
