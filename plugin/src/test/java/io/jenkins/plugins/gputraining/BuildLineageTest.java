package io.jenkins.plugins.gputraining;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import hudson.EnvVars;
import io.gputraining.engine.train.Lineage;
import org.junit.Test;

public class BuildLineageTest {

    @Test
    public void takesGitAndBuildFactsFromTheBuildEnvironment() {
        EnvVars env = new EnvVars("GIT_COMMIT", "0123abcd", "GIT_URL", "https://github.com/acme/models.git",
                "BUILD_TAG", "jenkins-train-7", "BUILD_URL", "http://ci.example/job/train/7/");
        assertEquals(new Lineage("0123abcd", "https://github.com/acme/models.git", "jenkins-train-7", "http://ci.example/job/train/7/"),
                BuildLineage.of(env));
    }

    @Test
    public void missingVariablesStayUnknown() {
        assertEquals(Lineage.unknown(), BuildLineage.of(new EnvVars("GIT_COMMIT", " ")));
    }

    @Test
    public void credentialsInTheGitUrlAreNotRecorded() {
        assertEquals("https://github.com/acme/models.git",
                BuildLineage.withoutUserInfo("https://bot:ghp_secret@github.com/acme/models.git"));
    }

    @Test
    public void anAtSignInThePathIsKept() {
        assertEquals("https://git.example/acme/models@v2.git", BuildLineage.withoutUserInfo("https://git.example/acme/models@v2.git"));
    }

    @Test
    public void scpLikeUrlsAreKept() {
        assertEquals("git@github.com:acme/models.git", BuildLineage.withoutUserInfo("git@github.com:acme/models.git"));
        assertNull(BuildLineage.withoutUserInfo(null));
    }
}
