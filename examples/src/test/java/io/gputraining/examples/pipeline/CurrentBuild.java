package io.gputraining.examples.pipeline;

/**
 * {@code currentBuild} as scripts use it: the result so far, which only ever gets worse, and a description.
 */
public final class CurrentBuild {

    /** Build results, best first. */
    public enum Result { SUCCESS, UNSTABLE, FAILURE }

    private final int number;
    private Result result = Result.SUCCESS;
    private String description;

    CurrentBuild(int number) {
        this.number = number;
    }

    public int getNumber() {
        return number;
    }

    public String getCurrentResult() {
        return result.name();
    }

    public String getResult() {
        return result.name();
    }

    /** As in Jenkins, a result can be made worse, never better. */
    public void setResult(String value) {
        worsen(Result.valueOf(value));
    }

    public String getDescription() {
        return description;
    }

    public void setDescription(String description) {
        this.description = description;
    }

    void worsen(Result value) {
        if (value.compareTo(result) > 0) {
            result = value;
        }
    }

    Result result() {
        return result;
    }
}
