package io.gputraining.engine.preflight;

import static io.gputraining.engine.preflight.PreflightFixtures.DIGEST;
import static io.gputraining.engine.preflight.PreflightFixtures.H200X2;
import static io.gputraining.engine.preflight.PreflightFixtures.IMAGE;
import static io.gputraining.engine.preflight.PreflightFixtures.busyHost;
import static io.gputraining.engine.preflight.PreflightFixtures.dockerWithNvidia;
import static io.gputraining.engine.preflight.PreflightFixtures.evidence;
import static io.gputraining.engine.preflight.PreflightFixtures.h100;
import static io.gputraining.engine.preflight.PreflightFixtures.probe;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gputraining.engine.runtime.GpuRequest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PreflightReportTest {

    @Test
    void summaryHoldsTheVersionsAGpuBuildPageShows() {
        PreflightReport report = VerdictRules.standard().report(PreflightPolicy.defaults(), h100(), false);

        assertThat(report.schemaVersion()).isEqualTo(1);
        assertThat(report.imageReference()).isEqualTo(IMAGE + "@" + DIGEST);
        assertThat(report.imageDigest()).isEqualTo(DIGEST);
        assertThat(report.driverVersion()).isEqualTo("580.159.04");
        assertThat(report.hostCudaVersion()).isEqualTo("13.0");
        assertThat(report.torchVersion()).isEqualTo("2.11.0+cu130");
        assertThat(report.torchCuda()).isEqualTo("13.0");
        assertThat(report.cudnnVersion()).isEqualTo("9.19.0");
        assertThat(report.ncclVersion()).isEqualTo("2.28.9");
        assertThat(report.timings()).isEqualTo(new PreflightTimings(412, 1180, 5760, 7420));
        assertThat(report.evidenceIfKept()).isEmpty();
    }

    @Test
    void gpuListComesFromTheHostForTheGpusInScope() {
        PreflightReport report = VerdictRules.standard().report(PreflightPolicy.defaults(), h100(), false);

        assertThat(report.gpus()).containsExactly(new GpuSummary(0, "NVIDIA H100 80GB HBM3",
                "GPU-b5985e46-2b4b-da6a-7526-7d6fab3a4cc8", 81559L, 81079L, "9.0"));
    }

    @Test
    void gpuListComesFromTorchWhenTheHostWasNotRead() {
        PreflightEvidence unread = evidence(HostGpuEvidence.notProbed("the local runtime has no nvidia-smi"),
                dockerWithNvidia(), ImageProbeEvidence.reported(probe("h100.json")), GpuRequest.all());

        PreflightReport report = VerdictRules.standard().report(PreflightPolicy.defaults(), unread, false);

        // torch reports 85017493504 bytes (81079 MiB) and its UUID without nvidia-smi's GPU- prefix.
        assertThat(report.gpus()).containsExactly(new GpuSummary(0, "NVIDIA H100 80GB HBM3",
                "GPU-9be8ab40-d62f-80e1-a2b8-05f75941c66c", 81079L, 80552L, "9.0"));
        assertThat(report.driverVersion()).isNull();
        assertThat(report.hostCudaVersion()).as("from libcuda in the container").isEqualTo("13.0");
    }

    @Test
    void failedAndWarningsListTheProblemVerdictsInOrder() {
        PreflightPolicy policy = PreflightPolicy.builder().minFreeMemoryMiB(140_000).build();
        PreflightEvidence busy = evidence(busyHost(H200X2), probe("h200x2-allreduce-timeout.json"), GpuRequest.all());

        PreflightReport report = VerdictRules.standard().report(policy, busy, false);

        assertThat(report.failed()).extracting(Verdict::check).containsExactly("free-memory", "allreduce");
        assertThat(report.warnings()).extracting(Verdict::check).containsExactly("idle");
        assertThat(report.passed()).isFalse();
    }

    @Test
    void overallThatContradictsTheVerdictsIsRefused() {
        PreflightReport report = VerdictRules.standard().report(PreflightPolicy.defaults(), h100(), false);

        assertThatThrownBy(() -> new PreflightReport(1, Verdict.Level.FAIL, report.verdicts(), null, null, null, null,
                null, null, null, null, List.of(), report.timings(), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not follow");
    }

    @Test
    void mapViewHoldsOnlyPipelineSafeTypes() {
        PreflightReport report = VerdictRules.standard().report(PreflightPolicy.defaults(),
                evidence(busyHost(H200X2), probe("h200x2-allreduce-timeout.json"), GpuRequest.all()), true);

        Map<String, Object> map = report.toMap();

        assertPlain(map);
        assertThat(map).containsKeys("schemaVersion", "overall", "verdicts", "gpus", "timings").doesNotContainKey("evidence");
        assertThat(map.get("schemaVersion")).isEqualTo(1);
        assertThat(map.get("overall")).isEqualTo("FAIL");
        assertThat(map.get("torchVersion")).isEqualTo("2.11.0+cu130");
        Map<?, ?> gpu = (Map<?, ?>) ((List<?>) map.get("gpus")).get(1);
        assertThat(gpu.get("index")).isEqualTo(1);
        assertThat(gpu.get("memoryFreeMiB")).isEqualTo(143153L);
        Map<?, ?> allReduce = (Map<?, ?>) ((List<?>) map.get("verdicts")).get(PreflightCheck.ALLREDUCE.ordinal());
        assertThat(allReduce.get("level")).isEqualTo("FAIL");
        assertThat(allReduce.get("fix")).asString().contains("NCCL_DEBUG=INFO");
    }

    @Test
    void mapViewIsAFreshCopyEachTime() {
        PreflightReport report = VerdictRules.standard().report(PreflightPolicy.defaults(), h100(), false);

        report.toMap().put("overall", "PASS, promise");

        assertThat(report.toMap().get("overall")).isEqualTo("PASS");
    }

    @Test
    void reportWithItsEvidenceCrossesJavaSerializationUnchanged() throws Exception {
        PreflightReport report = VerdictRules.standard().report(PreflightPolicy.defaults(),
                evidence(busyHost(H200X2), probe("h200x2.json"), GpuRequest.all()), true);

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(report);
        }
        Object back;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            back = in.readObject();
        }

        assertThat(back).isEqualTo(report).isNotSameAs(report);
    }

    /** Every value is a LinkedHashMap, ArrayList, String, Integer, Long, Boolean or null, all the way down. */
    private static void assertPlain(Object value) {
        if (value instanceof Map<?, ?> map) {
            assertThat(map).isInstanceOf(LinkedHashMap.class);
            map.forEach((k, v) -> {
                assertThat(k).isInstanceOf(String.class);
                assertPlain(v);
            });
        } else if (value instanceof List<?> list) {
            assertThat(list).isInstanceOf(ArrayList.class);
            list.forEach(PreflightReportTest::assertPlain);
        } else if (value != null) {
            assertThat(value).isInstanceOfAny(String.class, Integer.class, Long.class, Boolean.class);
        }
    }
}
