package io.gputraining.engine.steps;

/** How the steps read what a form or a Pipeline gives them: a blank value means the parameter's default. */
final class StepText {

    private StepText() {
    }

    /** The stripped value, or {@code fallback} for null or blank. */
    static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value.strip();
    }
}
