package io.jenkins.plugins.gputraining.container;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.Test;

public class ContainerEnvironmentTest {

    private static final Map<String, String> AGENT = Map.of(
            "PATH", "/usr/local/bin:/usr/bin:/bin", "HOME", "/home/jenkins", "LANG", "C.UTF-8", "HOSTNAME", "agent-1");

    @Test
    public void passesWhatTheBuildSet() {
        Map<String, String> env = ContainerEnvironment.of(
                new String[] {"BUILD_NUMBER=7", "JENKINS_SERVER_COOKIE=abc", "LANG=C.UTF-8"}, AGENT).overrides();
        assertEquals(Map.of("BUILD_NUMBER", "7", "JENKINS_SERVER_COOKIE", "abc"), env);
    }

    @Test
    public void passesAgentVariablesTheBuildChanged() {
        Map<String, String> env = ContainerEnvironment.of(new String[] {"LANG=en_US.UTF-8"}, AGENT).overrides();
        assertEquals(Map.of("LANG", "en_US.UTF-8"), env);
    }

    @Test
    public void neverPassesHostOnlyVariablesEvenWhenChanged() {
        Map<String, String> env = ContainerEnvironment.of(new String[] {
                "PATH=/opt/tools/bin:/usr/local/bin:/usr/bin:/bin", "HOME=/var/jenkins", "HOSTNAME=other",
                "CUDA_VISIBLE_DEVICES=3"}, AGENT).overrides();
        assertTrue(env.toString(), env.isEmpty());
    }

    @Test
    public void keepsEqualsSignsInValues() {
        Map<String, String> env = ContainerEnvironment.of(new String[] {"OPTS=--lr=0.1 --epochs=3"}, AGENT).overrides();
        assertEquals(Map.of("OPTS", "--lr=0.1 --epochs=3"), env);
    }

    @Test
    public void skipsEntriesWithoutName() {
        Map<String, String> env = ContainerEnvironment.of(new String[] {"=oops", "noequals", "A=1"}, AGENT).overrides();
        assertEquals(Map.of("A", "1"), env);
    }

    @Test
    public void anEmptyValueUnsetsAsForALocalLauncher() {
        assertTrue(ContainerEnvironment.of(new String[] {"A="}, AGENT).overrides().isEmpty());
    }

    @Test
    public void readsValuesAsALocalLauncherDoesExpandingReferencesAndDoubledDollars() {
        Map<String, String> env = ContainerEnvironment.of(
                new String[] {"RUN=build-${BUILD_NUMBER}", "BUILD_NUMBER=7", "PRICE=5$$"}, AGENT).overrides();
        assertEquals(Map.of("BUILD_NUMBER", "7", "RUN", "build-7", "PRICE", "5$"), env);
    }

    @Test
    public void argumentsAreExpandedAsALocalLauncherDoesSoThatDoubledDollarsReachTheShellAsOne() {
        // the durable sh step writes its wrapper with $$ for every $ (BourneShellScript), for LocalLauncher to undo
        List<String> command = ContainerEnvironment.of(new String[] {"BUILD_NUMBER=7"}, AGENT)
                .expand(List.of("sh", "-c", "echo $$? > result; echo ${BUILD_NUMBER} $$HOME"));
        assertEquals(List.of("sh", "-c", "echo $? > result; echo 7 $HOME"), command);
    }

    @Test
    public void noEnvironmentMeansNoOverrides() {
        assertTrue(ContainerEnvironment.of(null, AGENT).overrides().isEmpty());
    }
}
