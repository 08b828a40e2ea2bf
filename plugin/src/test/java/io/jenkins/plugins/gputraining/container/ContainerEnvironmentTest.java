package io.jenkins.plugins.gputraining.container;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.Map;
import org.junit.Test;

public class ContainerEnvironmentTest {

    private static final Map<String, String> AGENT = Map.of(
            "PATH", "/usr/local/bin:/usr/bin:/bin", "HOME", "/home/jenkins", "LANG", "C.UTF-8", "HOSTNAME", "agent-1");

    @Test
    public void passesWhatTheBuildSet() {
        Map<String, String> env = ContainerEnvironment.overrides(
                new String[] {"BUILD_NUMBER=7", "JENKINS_SERVER_COOKIE=abc", "LANG=C.UTF-8"}, AGENT);
        assertEquals(Map.of("BUILD_NUMBER", "7", "JENKINS_SERVER_COOKIE", "abc"), env);
    }

    @Test
    public void passesAgentVariablesTheBuildChanged() {
        Map<String, String> env = ContainerEnvironment.overrides(new String[] {"LANG=en_US.UTF-8"}, AGENT);
        assertEquals(Map.of("LANG", "en_US.UTF-8"), env);
    }

    @Test
    public void neverPassesHostOnlyVariablesEvenWhenChanged() {
        Map<String, String> env = ContainerEnvironment.overrides(new String[] {
                "PATH=/opt/tools/bin:/usr/local/bin:/usr/bin:/bin", "HOME=/var/jenkins", "HOSTNAME=other",
                "CUDA_VISIBLE_DEVICES=3"}, AGENT);
        assertTrue(env.toString(), env.isEmpty());
    }

    @Test
    public void keepsEqualsSignsInValues() {
        Map<String, String> env = ContainerEnvironment.overrides(new String[] {"OPTS=--lr=0.1 --epochs=3"}, AGENT);
        assertEquals(Map.of("OPTS", "--lr=0.1 --epochs=3"), env);
    }

    @Test
    public void skipsEntriesWithoutName() {
        Map<String, String> env = ContainerEnvironment.overrides(new String[] {"=oops", "noequals", "A=1"}, AGENT);
        assertEquals(Map.of("A", "1"), env);
    }

    @Test
    public void anEmptyValueUnsetsAsForALocalLauncher() {
        assertTrue(ContainerEnvironment.overrides(new String[] {"A="}, AGENT).isEmpty());
    }

    @Test
    public void readsValuesAsALocalLauncherDoesExpandingReferencesAndDoubledDollars() {
        Map<String, String> env = ContainerEnvironment.overrides(
                new String[] {"RUN=build-${BUILD_NUMBER}", "BUILD_NUMBER=7", "PRICE=5$$"}, AGENT);
        assertEquals(Map.of("BUILD_NUMBER", "7", "RUN", "build-7", "PRICE", "5$"), env);
    }

    @Test
    public void noEnvironmentMeansNoOverrides() {
        assertTrue(ContainerEnvironment.overrides(null, AGENT).isEmpty());
    }
}
