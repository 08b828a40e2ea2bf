package io.jenkins.plugins.gputraining;

import hudson.EnvVars;
import io.gputraining.engine.train.Lineage;

/**
 * The lineage of a model version trained by a build, from the variables Jenkins and the git plugin set:
 * {@code GIT_COMMIT}, {@code GIT_URL}, {@code BUILD_TAG} and {@code BUILD_URL}. Missing ones stay null.
 */
final class BuildLineage {

    private BuildLineage() {
    }

    static Lineage of(EnvVars env) {
        return new Lineage(blankToNull(env.get("GIT_COMMIT")), withoutUserInfo(blankToNull(env.get("GIT_URL"))),
                blankToNull(env.get("BUILD_TAG")), blankToNull(env.get("BUILD_URL")));
    }

    /** {@code https://user:token@host/repo.git} → {@code https://host/repo.git}: lineage is stored and shown. */
    static String withoutUserInfo(String url) {
        if (url == null) {
            return null;
        }
        int scheme = url.indexOf("://");
        if (scheme < 0) {
            return url; // scp-like git@host:repo carries a user name, never a secret
        }
        int hostStart = scheme + 3;
        int pathStart = url.indexOf('/', hostStart);
        int at = url.lastIndexOf('@', pathStart < 0 ? url.length() : pathStart);
        return at < hostStart ? url : url.substring(0, hostStart) + url.substring(at + 1);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
