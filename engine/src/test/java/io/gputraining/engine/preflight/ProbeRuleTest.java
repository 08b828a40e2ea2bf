package io.gputraining.engine.preflight;

import static io.gputraining.engine.preflight.PreflightCheck.PROBE;
import static io.gputraining.engine.preflight.PreflightFixtures.H100;
import static io.gputraining.engine.preflight.PreflightFixtures.IMAGE;
import static io.gputraining.engine.preflight.PreflightFixtures.dockerWithNvidia;
import static io.gputraining.engine.preflight.PreflightFixtures.evidence;
import static io.gputraining.engine.preflight.PreflightFixtures.h100;
import static io.gputraining.engine.preflight.PreflightFixtures.idleHost;
import static io.gputraining.engine.preflight.PreflightFixtures.resource;
import static io.gputraining.engine.preflight.PreflightFixtures.verdict;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.gputraining.engine.preflight.probe.ProbeReportFormatException;
import io.gputraining.engine.preflight.probe.ProbeReportParser;
import io.gputraining.engine.runtime.GpuRequest;
import org.junit.jupiter.api.Test;

class ProbeRuleTest {

    @Test
    void reportedProbePassesWithItsDurationAndPython() {
        Verdict verdict = verdict(PROBE, h100());

        assertThat(verdict.level()).isEqualTo(Verdict.Level.PASS);
        assertThat(verdict.summary()).isEqualTo("probe ran in 5.8 s with Python 3.12.3");
    }

    @Test
    void containerKilledBySigkillFailsPointingAtMemory() {
        Verdict verdict = verdict(PROBE, with(ImageProbeEvidence.containerFailed(137, "Killed")));

        assertThat(verdict.level()).isEqualTo(Verdict.Level.FAIL);
        assertThat(verdict.summary()).contains("status 137");
        assertThat(verdict.fix()).contains("out-of-memory");
    }

    @Test
    void otherExitStatusFailsWithACommandToReproduce() {
        Verdict verdict = verdict(PROBE, with(ImageProbeEvidence.containerFailed(1, "Segmentation fault (core dumped)")));

        assertThat(verdict.cause()).contains("Segmentation fault");
        assertThat(verdict.fix()).contains("docker run --rm --gpus all " + IMAGE);
    }

    @Test
    void imageWithoutPythonFails() {
        Verdict verdict = verdict(PROBE, with(ImageProbeEvidence.pythonMissing(
                "exec: \"python3\": executable file not found in $PATH")));

        assertThat(verdict.level()).isEqualTo(Verdict.Level.FAIL);
        assertThat(verdict.cause()).contains("executable file not found");
        assertThat(verdict.fix()).contains("python3");
    }

    @Test
    void bannerBeforeTheReportFailsAsUnreadableOutput() {
        String printed = "Welcome to the training image!\n" + resource("/fixtures/probe/h100.json");
        ProbeReportFormatException error = catchThrowableOfType(ProbeReportFormatException.class,
                () -> new ProbeReportParser().parse(printed));

        Verdict verdict = verdict(PROBE, with(ImageProbeEvidence.outputUnreadable(error)));

        assertThat(verdict.level()).isEqualTo(Verdict.Level.FAIL);
        assertThat(verdict.cause()).contains("Welcome to the training image!");
        assertThat(verdict.fix()).contains("stdout");
    }

    @Test
    void probeStoppedAtTheDeadlineFails() {
        Verdict verdict = verdict(PROBE, with(ImageProbeEvidence.timedOut("the probe ran longer than 600 s")));

        assertThat(verdict.level()).isEqualTo(Verdict.Level.FAIL);
        assertThat(verdict.cause()).contains("600 s");
    }

    @Test
    void probeThatStoppedEarlyFails() {
        // Copy of h100.json with the error the probe writes when a signal stops it.
        var report = PreflightFixtures.probe("h100.json", json -> json.replaceFirst("\"error\": null",
                "\"error\": \"interrupted by signal 15 (SIGTERM)\""));

        Verdict verdict = verdict(PROBE, evidence(idleHost(H100), report, GpuRequest.all()));

        assertThat(verdict.level()).isEqualTo(Verdict.Level.FAIL);
        assertThat(verdict.cause()).contains("SIGTERM");
    }

    private static PreflightEvidence with(ImageProbeEvidence image) {
        return evidence(HostGpuEvidence.read(idleHost(H100)), dockerWithNvidia(), image, GpuRequest.all());
    }
}
