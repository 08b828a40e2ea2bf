package io.gputraining.engine.image;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * When to pull an image before running in it. {@code missing}, {@code always} and {@code never} are
 * {@code docker run --pull}'s words with Docker's meaning; {@code newer} (Podman's word) is the default and
 * keeps every run on what the registry's tag names now, while still running images no registry has.
 * docs/cli.md ("Pull policy") compares them with Docker's.
 */
public enum PullPolicy {

    /**
     * Pull only when the daemon lacks the image; a tag the daemon has is used as it is, without asking the
     * registry (it may be older than the registry's). Docker's default.
     */
    MISSING("missing"),

    /** Always pull before running; the registry must answer. An image ID cannot be pulled. */
    ALWAYS("always"),

    /** Never pull: the daemon must have the image. */
    NEVER("never"),

    /**
     * Ask the registry what the tag names now and pull that content when the daemon lacks it; when the registry
     * cannot answer, or has no such tag, run the daemon's image only if it never came from that registry (built
     * or loaded here), pinned to its image ID. Our default.
     */
    NEWER("newer");

    /** The word of the policy when none is given: the one place this default lives (a constant, for help texts). */
    public static final String DEFAULT_WORD = "newer";

    /** The policy when none is given: {@link #DEFAULT_WORD}'s. */
    public static final PullPolicy DEFAULT = byWord(DEFAULT_WORD);

    private final String word;

    PullPolicy(String word) {
        this.word = word;
    }

    /** The word users write: {@code missing}, {@code always}, {@code never}, {@code newer}. */
    public String word() {
        return word;
    }

    /**
     * The policy a user wrote, in any case; blank gives {@link #DEFAULT}.
     *
     * @throws InvalidPullPolicyException for any other word
     */
    public static PullPolicy parse(String word) {
        if (word == null || word.isBlank()) {
            return DEFAULT;
        }
        PullPolicy policy = byWord(word.strip().toLowerCase(Locale.ROOT));
        if (policy != null) {
            return policy;
        }
        throw new InvalidPullPolicyException("Invalid pull policy '" + word + "': use one of " + words()
                + " (missing, always and never mean what they mean for docker run --pull; " + DEFAULT_WORD + ", the default,"
                + " resolves tags at the registry).");
    }

    private static PullPolicy byWord(String word) {
        return Arrays.stream(values()).filter(p -> p.word.equals(word)).findFirst().orElse(null);
    }

    /** The words, in declaration order, comma-separated. */
    public static String words() {
        return Arrays.stream(values()).map(PullPolicy::word).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return word;
    }
}
