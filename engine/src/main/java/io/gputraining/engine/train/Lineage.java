package io.gputraining.engine.train;

import java.io.Serializable;

/**
 * Where a run came from, as far as the caller knows: the Jenkins build, the git checkout. Any part may be
 * null when unknown (a local CLI run outside git).
 *
 * @param gitCommit full commit id of the workspace
 * @param gitUrl    remote URL of the repository (credentials stripped by whoever fills it)
 * @param buildId   the CI's id for the run, e.g. {@code my-job#42}
 * @param buildUrl  a link to the run
 */
public record Lineage(String gitCommit, String gitUrl, String buildId, String buildUrl) implements Serializable {

    public static Lineage unknown() {
        return new Lineage(null, null, null, null);
    }
}
