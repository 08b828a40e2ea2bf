package io.gputraining.engine.preflight;

import java.io.Serializable;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of one preflight check: what was observed and, when it is a problem, why and what to do.
 *
 * @param check   the check's stable id ({@link PreflightCheck#id()}), e.g. {@code cuda-available}
 * @param level   how it ended
 * @param summary one line saying what was observed, e.g. {@code torch sees 1 CUDA device: NVIDIA H100 80GB HBM3}
 * @param cause   for WARN and FAIL: why it is a problem; null otherwise
 * @param fix     for WARN and FAIL: what to do about it, concretely; null otherwise
 */
public record Verdict(String check, Level level, String summary, String cause, String fix) implements Serializable {

    /** How a check ended, and how a whole preflight ends ({@link #overall}). */
    public enum Level {
        /** The check ran and found nothing wrong. */
        PASS,
        /** Something is not as it should be, but training can run; the build goes on. */
        WARN,
        /** Training would fail or silently do the wrong thing; the build should stop. */
        FAIL,
        /** The check did not apply or lacked its evidence (the summary says why); it counts for nothing. */
        SKIP;

        /** FAIL if any verdict failed, else WARN if any warned, else PASS: skipped checks count for nothing. */
        public static Level overall(Collection<Verdict> verdicts) {
            if (verdicts.stream().anyMatch(v -> v.level() == FAIL)) {
                return FAIL;
            }
            return verdicts.stream().anyMatch(v -> v.level() == WARN) ? WARN : PASS;
        }
    }

    public Verdict {
        Objects.requireNonNull(level, "level");
        if (check == null || check.isBlank()) {
            throw new IllegalArgumentException("a verdict needs the id of its check");
        }
        if (summary == null || summary.isBlank() || summary.contains("\n") || summary.contains("\r")) {
            throw new IllegalArgumentException("the summary of " + check + " must be one non-blank line: " + summary);
        }
        if (isProblem(level) && (cause == null || cause.isBlank() || fix == null || fix.isBlank())) {
            throw new IllegalArgumentException("a " + level + " verdict of " + check + " needs a cause and a fix");
        }
    }

    public static Verdict pass(PreflightCheck check, String summary) {
        return new Verdict(check.id(), Level.PASS, summary, null, null);
    }

    public static Verdict skip(PreflightCheck check, String summary) {
        return new Verdict(check.id(), Level.SKIP, summary, null, null);
    }

    public static Verdict warn(PreflightCheck check, String summary, String cause, String fix) {
        return new Verdict(check.id(), Level.WARN, summary, cause, fix);
    }

    public static Verdict fail(PreflightCheck check, String summary, String cause, String fix) {
        return new Verdict(check.id(), Level.FAIL, summary, cause, fix);
    }

    /** A WARN or FAIL of {@code check}, chosen by whether the policy makes the problem fatal. */
    public static Verdict problem(PreflightCheck check, boolean fatal, String summary, String cause, String fix) {
        return fatal ? fail(check, summary, cause, fix) : warn(check, summary, cause, fix);
    }

    /** Whether this verdict is a WARN or a FAIL. */
    public boolean isProblem() {
        return isProblem(level);
    }

    public Optional<String> causeIfAny() {
        return Optional.ofNullable(cause);
    }

    public Optional<String> fixIfAny() {
        return Optional.ofNullable(fix);
    }

    private static boolean isProblem(Level level) {
        return level == Level.WARN || level == Level.FAIL;
    }
}
