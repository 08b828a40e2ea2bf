package io.gputraining.engine.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import io.gputraining.engine.preflight.probe.ImageProbeReport;
import org.junit.jupiter.api.Test;

/** When a host reading taken while the probe ran can be trusted to show no GPU use of the probe's own. */
class HostReadingOrderTest {

    private static final long MS = 1_000_000;
    private static final long LAUNCH = 1_000_000 * MS;

    /** The real H100 probe report: its import of torch took a few seconds. */
    private final ImageProbeReport h100 = PreflightFixtures.probe("h100.json");
    private final long importMs = h100.torch().elapsedMs().longValue();

    @Test
    void aReadingThatEndedBeforeTheProbeWasLaunchedCounts() {
        assertThat(HostReadingOrder.endedBeforeAnyGpuUse(LAUNCH - 5 * MS, LAUNCH, ImageProbeEvidence.reported(h100))).isTrue();
    }

    @Test
    void aReadingThatEndedWhileTheProbeCouldStillBeImportingTorchCounts() {
        assertThat(HostReadingOrder.endedBeforeAnyGpuUse(LAUNCH + (importMs - 1) * MS, LAUNCH, ImageProbeEvidence.reported(h100))).isTrue();
    }

    @Test
    void aReadingThatEndedAfterTheImportCouldHaveEndedDoesNot() {
        assertThat(HostReadingOrder.endedBeforeAnyGpuUse(LAUNCH + (importMs + 1) * MS, LAUNCH, ImageProbeEvidence.reported(h100))).isFalse();
    }

    @Test
    void withoutAReportOnlyAReadingThatEndedBeforeTheLaunchCounts() {
        ImageProbeEvidence notRun = ImageProbeEvidence.notRun("the container could not be given GPUs");

        assertThat(HostReadingOrder.endedBeforeAnyGpuUse(LAUNCH - MS, LAUNCH, notRun)).isTrue();
        assertThat(HostReadingOrder.endedBeforeAnyGpuUse(LAUNCH + MS, LAUNCH, notRun)).isFalse();
    }
}
