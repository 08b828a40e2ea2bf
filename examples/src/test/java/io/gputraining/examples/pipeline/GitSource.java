package io.gputraining.examples.pipeline;

/**
 * {@code scm}: the repository and branch the build was started for, as a multibranch job knows them.
 *
 * @param url    what {@code git clone} takes: here a repository on this machine
 * @param branch the branch to build ({@code BRANCH_NAME})
 */
public record GitSource(String url, String branch) {
}
