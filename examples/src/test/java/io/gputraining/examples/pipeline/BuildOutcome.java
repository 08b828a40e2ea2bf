package io.gputraining.examples.pipeline;

import java.nio.file.Path;

/**
 * How a build ended.
 *
 * @param result      SUCCESS, UNSTABLE or FAILURE
 * @param log         the whole console log
 * @param description what the pipeline set as {@code currentBuild.description}, or null
 * @param error       what failed the build first, or null
 * @param archive     where {@code archiveArtifacts} put the build's files
 * @param returned    what the script returned (a scripted pipeline's last value)
 */
public record BuildOutcome(CurrentBuild.Result result, String log, String description, Throwable error, Path archive,
                           Object returned) {
}
