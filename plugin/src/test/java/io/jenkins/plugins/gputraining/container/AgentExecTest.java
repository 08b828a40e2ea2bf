package io.jenkins.plugins.gputraining.container;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import io.gputraining.engine.LogSink;
import io.gputraining.engine.runtime.ContainerSession;
import io.gputraining.engine.runtime.ContainerSpec;
import io.gputraining.engine.runtime.ExecSpec;
import io.gputraining.engine.runtime.LocalRuntime;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/** The agent side of a launch, against the engine's host session (same contract as a container's, no Docker). */
public class AgentExecTest {

    private LocalRuntime runtime;
    private ContainerSession session;

    @Before
    public void openSession() throws Exception {
        runtime = new LocalRuntime();
        session = runtime.start(ContainerSpec.builder("host").command("sleep", "infinity").build(), LogSink.discarding());
    }

    @After
    public void closeSession() {
        session.close();
        runtime.close();
    }

    private static ExecSpec sh(String script) {
        return new ExecSpec(List.of("sh", "-c", script), Map.of(), null, null);
    }

    @Test
    public void stdoutAndStderrGoToTheirStreamsAndTheExitCodeComesBack() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        AgentExec exec = AgentExec.start(session, sh("echo to-out; echo to-err >&2; exit 3"), out, err, () -> { });
        assertEquals(3, exec.join());
        assertEquals("to-out\n", out.toString(StandardCharsets.UTF_8));
        assertEquals("to-err\n", err.toString(StandardCharsets.UTF_8));
        assertNull(exec.output());
    }

    @Test
    public void stderrJoinsStdoutWhenNoErrorStreamIsGiven() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AgentExec exec = AgentExec.start(session, sh("echo a; echo b >&2"), out, null, () -> { });
        assertEquals(0, exec.join());
        assertEquals(List.of("a", "b"), List.of(out.toString(StandardCharsets.UTF_8).strip().split("\n")).stream().sorted().toList());
    }

    @Test
    public void withoutOutputStreamTheCallerReadsTheOutputFromTheProcess() throws Exception {
        AgentExec exec = AgentExec.start(session, sh("printf 'line1\\nline2\\n'"), null, null, () -> { });
        String output = new String(exec.output().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, exec.join());
        assertEquals("line1\nline2\n", output);
    }

    @Test
    public void theCommandGetsTheGivenEnvironmentAndDirectory() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ExecSpec spec = new ExecSpec(List.of("sh", "-c", "echo \"$GREETING $(pwd)\""), Map.of("GREETING", "hello"), "/tmp", null);
        assertEquals(0, AgentExec.start(session, spec, out, null, () -> { }).join());
        assertEquals("hello /tmp\n", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    public void theDaemonConnectionClosesWhenTheCommandEnds() throws Exception {
        java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);
        AgentExec exec = AgentExec.start(session, sh("sleep 1"), new ByteArrayOutputStream(), null, closed::countDown);
        assertEquals("open while the command runs", 1, closed.getCount());
        exec.join();
        assertEquals(true, closed.await(5, java.util.concurrent.TimeUnit.SECONDS));
    }

    @Test
    public void isAliveUntilTheCommandEnds() throws Exception {
        AgentExec exec = AgentExec.start(session, sh("sleep 1"), new ByteArrayOutputStream(), null, () -> { });
        assertEquals(true, exec.isAlive());
        exec.join();
        assertEquals(false, exec.isAlive());
    }
}
