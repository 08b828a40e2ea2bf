package io.gputraining.engine.preflight.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped script run by this machine's python3, the way a container would run it: copied out of the
 * jar, given the options' arguments, its stdout parsed. What torch is here decides the outcome, so only
 * what holds everywhere is asserted.
 */
class ProbeScriptOnHostPythonTest {

    @TempDir
    Path dir;

    @Test
    void shippedScriptRunsAndItsStdoutParses() throws Exception {
        ProbeScript script = ProbeScript.load();
        Path copy = dir.resolve(ProbeScript.FILE_NAME);
        Files.write(copy, script.bytes());
        ProbeOptions options = new ProbeOptions(60, 30, 30, 30, 64, 1, 7, 1024, 1, true);

        Process process = start(script.command("python3", copy.toString(), options));
        byte[] stdout = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();

        ImageProbeReport report = new ProbeReportParser().parse(stdout);
        assertThat(process.exitValue()).isZero();
        assertThat(report.options()).isEqualTo(options);
        assertThat(report.error()).isNull();
        assertThat(report.torch().status()).isIn(CheckStatus.OK, CheckStatus.MISSING, CheckStatus.FAILED);
        assertThat(report.allReduce().status()).isEqualTo(CheckStatus.SKIPPED);
    }

    private static Process start(List<String> command) throws IOException {
        try {
            return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            assumeTrue(false, "no python3 on this machine: " + e.getMessage());
            throw e;
        }
    }
}
