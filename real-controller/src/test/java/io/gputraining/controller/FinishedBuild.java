package io.gputraining.controller;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;

/**
 * A build that ran to its end on the controller: where it is, its JSON ({@code result}, {@code description},
 * {@code artifacts}) and its console output.
 *
 * @param path the build's path under the root, such as {@code job/a/job/main/2/}
 */
record FinishedBuild(String path, int number, JsonNode json, String console) {

    /** How long one build of these jobs may take here (CPU training of a few epochs in the test image). */
    static final Duration BUILD_TIMEOUT = Duration.ofMinutes(8);

    /** Schedules a build of the job at {@code jobPath} and waits for its end. */
    static FinishedBuild run(JenkinsApi api, String jobPath, Map<String, String> parameters) throws IOException, InterruptedException {
        int number = api.schedule(jobPath, parameters, Duration.ofMinutes(2));
        return await(api, jobPath, number);
    }

    /** Waits for the end of build {@code number} of the job at {@code jobPath}. */
    static FinishedBuild await(JenkinsApi api, String jobPath, int number) throws IOException, InterruptedException {
        String path = jobPath + number + "/";
        JsonNode json = api.awaitBuild(path, BUILD_TIMEOUT);
        return new FinishedBuild(path, number, json, api.text(path + "consoleText"));
    }

    /** SUCCESS, UNSTABLE, FAILURE or ABORTED. */
    String result() {
        return json.path("result").asText();
    }

    String description() {
        return json.path("description").asText(null);
    }

    /** The build's full URL, as {@code BUILD_URL} gave it to the build. */
    String url() {
        return json.path("url").asText();
    }

    @Override
    public String toString() {
        return path + " " + result() + "\n" + console;
    }
}
