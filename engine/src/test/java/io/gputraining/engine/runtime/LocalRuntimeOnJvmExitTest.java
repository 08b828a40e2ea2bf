package io.gputraining.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What a stopped JVM leaves of the local runtime's processes: nothing after SIGTERM or Ctrl-C. */
@Timeout(60)
class LocalRuntimeOnJvmExitTest {

    @Test
    void sigtermOfTheOwningJvmEndsTheCommandAndWhatItStarted() throws Exception {
        Process jvm = startHolder("echo $$; sleep 120 & echo $!; wait");
        try {
            List<ProcessHandle> tree = ProcessWatch.handles(firstLines(jvm, 2));

            jvm.destroy(); // SIGTERM: the caller's finally never runs, only shutdown hooks do
            assertThat(jvm.waitFor(30, TimeUnit.SECONDS)).isTrue();

            assertThat(ProcessWatch.stillAlive(tree, 2000)).isEmpty();
        } finally {
            jvm.destroyForcibly();
        }
    }

    @Test
    void sigintOfTheOwningJvmEndsTheCommand() throws Exception {
        Process jvm = startHolder("echo $$; exec sleep 120");
        try {
            List<ProcessHandle> main = ProcessWatch.handles(firstLines(jvm, 1));

            assertThat(new ProcessBuilder("kill", "-INT", Long.toString(jvm.pid())).start().waitFor()).isZero();
            assertThat(jvm.waitFor(30, TimeUnit.SECONDS)).isTrue();

            assertThat(ProcessWatch.stillAlive(main, 2000)).isEmpty();
        } finally {
            jvm.destroyForcibly();
        }
    }

    private static Process startHolder(String script) throws Exception {
        return startHolder(Path.of(System.getProperty("java.io.tmpdir")), script);
    }

    /** The holder JVM, noting its processes under {@code tmpdir} (its {@code java.io.tmpdir}). */
    static Process startHolder(Path tmpdir, String script) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        return new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-Djava.io.tmpdir=" + tmpdir, "-cp",
                System.getProperty("java.class.path"), LocalRunHolderMain.class.getName(), "/bin/sh", "-c", script)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
    }

    static List<String> firstLines(Process jvm, int count) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8));
        List<String> lines = new java.util.ArrayList<>();
        while (lines.size() < count) {
            String line = out.readLine();
            assertThat(line).as("the child JVM's command printed its pids").isNotNull();
            lines.add(line);
        }
        return lines;
    }
}
