package io.gputraining.engine.docker;

import static io.gputraining.engine.docker.DockerTestSupport.containersOf;
import static io.gputraining.engine.docker.DockerTestSupport.uniqueOwner;
import static org.assertj.core.api.Assertions.assertThat;

import io.gputraining.engine.LogSink;
import io.gputraining.engine.runtime.ContainerSession;
import io.gputraining.engine.runtime.ContainerSpec;
import io.gputraining.engine.runtime.ExecSpec;
import io.gputraining.engine.runtime.RunResult;
import io.gputraining.engine.testing.TestEnvironment;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Output through the real daemon, of a one-shot container and of an exec: every byte, in order, however much there is. */
class OutputStreamingTest {

    @RegisterExtension
    static final TestDaemon DAEMON = new TestDaemon();

    @Test
    void fortyMebibytesOfLinesArriveWithoutAByteLostOrReordered() throws Exception {
        int lines = 4_000_000;
        DigestingSink sink = new DigestingSink();

        RunResult result = DAEMON.runtime().run(ContainerSpec.builder(TestEnvironment.smallImage())
                .command("seq", "1", String.valueOf(lines)).owner(uniqueOwner()).build(), sink);

        MessageDigest expected = MessageDigest.getInstance("SHA-256");
        long expectedBytes = 0;
        for (int i = 1; i <= lines; i++) {
            byte[] line = (i + "\n").getBytes(StandardCharsets.US_ASCII);
            expected.update(line);
            expectedBytes += line.length;
        }
        assertThat(result.exitCode()).isZero();
        assertThat(sink.stdoutBytes).isEqualTo(expectedBytes);
        assertThat(sink.stdoutSha256()).isEqualTo(HexFormat.of().formatHex(expected.digest()));
        assertThat(sink.stderr.size()).isZero();
    }

    @Test
    void anExecsOutputArrivesWithoutAByteLostOrReordered() throws Exception {
        int lines = 1_000_000;
        DigestingSink sink = new DigestingSink();

        int exitCode;
        try (ContainerSession session = DAEMON.runtime().start(ContainerSpec.builder(TestEnvironment.smallImage())
                .owner(uniqueOwner()).build(), LogSink.discarding())) {
            exitCode = session.exec(ExecSpec.of("seq", "1", String.valueOf(lines)), sink);
        }

        StringBuilder expected = new StringBuilder();
        for (int i = 1; i <= lines; i++) {
            expected.append(i).append('\n');
        }
        assertThat(exitCode).isZero();
        assertThat(sink.stdoutSha256()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(expected.toString().getBytes(StandardCharsets.US_ASCII))));
    }

    @Test
    void bothStreamsArriveCompleteAndEachInItsOwnOrder() throws Exception {
        DigestingSink sink = new DigestingSink();

        DAEMON.runtime().run(ContainerSpec.builder(TestEnvironment.smallImage())
                .command("sh", "-c", "i=0; while [ $i -lt 20000 ]; do echo out $i; echo err $i >&2; i=$((i+1)); done")
                .owner(uniqueOwner()).build(), sink);

        StringBuilder out = new StringBuilder();
        StringBuilder err = new StringBuilder();
        for (int i = 0; i < 20000; i++) {
            out.append("out ").append(i).append('\n');
            err.append("err ").append(i).append('\n');
        }
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        assertThat(sink.stdoutSha256()).isEqualTo(HexFormat.of().formatHex(digest.digest(out.toString().getBytes(StandardCharsets.US_ASCII))));
        assertThat(sink.stderr.toString(StandardCharsets.US_ASCII)).isEqualTo(err.toString());
    }

    @Test
    void theDaemonKeepsNoSecondCopyInALocalLogFile() throws Exception {
        String owner = uniqueOwner();
        AtomicReference<String> logType = new AtomicReference<>();
        Thread watcher = new Thread(() -> {
            for (int i = 0; i < 300 && logType.get() == null; i++) {
                containersOf(DAEMON.runtime(), owner).stream().findFirst().ifPresent(c -> logType.set(
                        DAEMON.runtime().client().inspectContainerCmd(c.getId()).exec().getHostConfig().getLogConfig().getType().getType()));
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        watcher.start();

        DAEMON.runtime().run(ContainerSpec.builder(TestEnvironment.smallImage()).command("sleep", "3").owner(owner).build(), LogSink.discarding());
        watcher.join();

        String daemonDriver = DAEMON.runtime().client().infoCmd().exec().getLoggingDriver();
        assertThat(logType.get()).isEqualTo(DaemonLogCopy.LOCAL_FILE_DRIVERS.contains(daemonDriver) ? "none" : daemonDriver);
    }

    @Test
    void aCentralLogDriverIsKeptAndOnlyLocalFileDriversAreSkipped() {
        assertThat(DaemonLogCopy.skipsFor("json-file")).isTrue();
        assertThat(DaemonLogCopy.skipsFor("local")).isTrue();
        assertThat(DaemonLogCopy.skipsFor("journald")).isFalse();
        assertThat(DaemonLogCopy.skipsFor("fluentd")).isFalse();
        assertThat(DaemonLogCopy.skipsFor(null)).isFalse();
    }

    /** Hashes stdout as it streams (40 MiB would be a lot to keep) and keeps stderr. */
    private static final class DigestingSink implements LogSink {
        private final MessageDigest stdout;
        private long stdoutBytes;
        private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

        DigestingSink() throws Exception {
            stdout = MessageDigest.getInstance("SHA-256");
        }

        @Override
        public void message(String line) {
        }

        @Override
        public synchronized void output(OutputStreamKind stream, byte[] data, int offset, int length) {
            if (stream == OutputStreamKind.STDOUT) {
                stdout.update(data, offset, length);
                stdoutBytes += length;
            } else {
                stderr.write(data, offset, length);
            }
        }

        synchronized String stdoutSha256() {
            return HexFormat.of().formatHex(stdout.digest());
        }
    }
}
