package io.gputraining.engine.preflight.host;

import static io.gputraining.engine.preflight.host.Fixtures.H100;
import static io.gputraining.engine.preflight.host.Fixtures.H200X2;
import static io.gputraining.engine.preflight.host.Fixtures.gpu;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class GpuQueryParserTest {

    private static final String H100_UUID = "GPU-b5985e46-2b4b-da6a-7526-7d6fab3a4cc8";
    private static final String H200_UUID_0 = "GPU-6f59b3e4-5917-3523-7cd8-29d71c4a7f6e";
    private static final String H200_UUID_1 = "GPU-70fe7a69-34ea-ca23-0453-c5656a1a92ce";

    @Test
    void readsEveryFieldOfTheIdleH100() {
        ParsedRows<GpuInfo> parsed = GpuQueryParser.parse(gpu(H100, "query-gpu.csv"));

        assertThat(parsed.unparsedLines()).isEmpty();
        assertThat(parsed.rows()).containsExactly(h100(0L, 81079L, 35, 115.82, 1L));
    }

    @Test
    void readsEveryFieldWithoutHeaderOrUnits() {
        ParsedRows<GpuInfo> parsed = GpuQueryParser.parse(gpu(H100, "query-gpu-noheader-nounits.csv"));

        assertThat(parsed.unparsedLines()).isEmpty();
        assertThat(parsed.rows()).containsExactly(h100(0L, 81079L, 34, 113.75, 1L));
    }

    @Test
    void busyH100ShowsTheMemoryHeldAndNoClockEventReason() {
        GpuInfo busy = GpuQueryParser.parse(gpu(H100, "query-gpu-busy.csv")).rows().get(0);

        assertThat(busy).isEqualTo(h100(8719L, 72361L, 35, 117.50, 0L));
        assertThat(busy.activeClockEventReasons()).isEmpty();
    }

    @Test
    void readsEveryFieldOfBothGpusOfTheTwoGpuHost() {
        ParsedRows<GpuInfo> parsed = GpuQueryParser.parse(gpu(H200X2, "query-gpu.csv"));

        assertThat(parsed.unparsedLines()).isEmpty();
        assertThat(parsed.rows()).containsExactly(
                h200(0, H200_UUID_0, "00000000:00:06.0", 0L, 143156L, 40, 126.49, 0L),
                h200(1, H200_UUID_1, "00000000:00:07.0", 0L, 143156L, 37, 128.96, 1L));
    }

    @Test
    void readsBothGpusOfTheTwoGpuHostWithoutHeaderOrUnits() {
        ParsedRows<GpuInfo> parsed = GpuQueryParser.parse(gpu(H200X2, "query-gpu-noheader-nounits.csv"));

        assertThat(parsed.rows()).containsExactly(
                h200(0, H200_UUID_0, "00000000:00:06.0", 0L, 143156L, 40, 126.49, 0L),
                h200(1, H200_UUID_1, "00000000:00:07.0", 0L, 143156L, 37, 128.98, 1L));
    }

    @Test
    void busyTwoGpuHostShowsMemoryHeldOnTheFirstGpuOnly() {
        List<GpuInfo> gpus = GpuQueryParser.parse(gpu(H200X2, "query-gpu-busy.csv")).rows();

        assertThat(gpus).containsExactly(
                h200(0, H200_UUID_0, "00000000:00:06.0", 8719L, 134438L, 39, 122.11, 0L),
                h200(1, H200_UUID_1, "00000000:00:07.0", 4L, 143153L, 36, 80.36, 1L));
    }

    @Test
    void clockEventReasonsPrintedUnderTheNewNameAreReadAsTheFieldAsked() {
        String csv = gpu(H100, "query-gpu.csv");
        assertThat(csv.lines().findFirst().orElseThrow())
                .contains("clocks_event_reasons.active").doesNotContain("clocks_throttle_reasons");

        GpuInfo idle = GpuQueryParser.parse(csv).rows().get(0);

        assertThat(idle.clocksEventReasons()).hasValue(1L);
        assertThat(idle.activeClockEventReasons()).containsExactly(ClockEventReason.GPU_IDLE);
    }

    @Test
    void notApplicableAndDeprecatedValuesAreEmpty() {
        GpuInfo h100 = GpuQueryParser.parse(gpu(H100, "query-gpu.csv")).rows().get(0);

        assertThat(gpu(H100, "query-gpu.csv")).contains("[N/A]", "[Requested functionality has been deprecated]");
        assertThat(h100.retiredPagesPending()).isEmpty();
        assertThat(h100.displayMode()).isEmpty();
    }

    @Test
    void notSupportedValueIsEmptyAndTheRestIsRead() {
        String csv = gpu(H100, "query-gpu-busy.csv").replace(", 117.50 W,", ", [Not Supported],");

        GpuInfo gpu = GpuQueryParser.parse(csv).rows().get(0);

        assertThat(gpu.powerDrawW()).isEmpty();
        assertThat(gpu.powerLimitW()).hasValue(700.0);
        assertThat(gpu.memoryUsedMib()).hasValue(8719L);
    }

    @Test
    void columnsAreFoundByHeaderNameNotPosition() {
        List<String> reversed = gpu(H200X2, "query-gpu.csv").lines().map(line -> {
            List<String> cells = new ArrayList<>(List.of(line.split(", ")));
            Collections.reverse(cells);
            return String.join(", ", cells);
        }).toList();

        assertThat(GpuQueryParser.parse(String.join("\n", reversed)).rows())
                .isEqualTo(GpuQueryParser.parse(gpu(H200X2, "query-gpu.csv")).rows());
    }

    @Test
    void extraWhitespaceAndWindowsLineEndsAreIgnored() {
        String spaced = gpu(H200X2, "query-gpu.csv").lines()
                .map(line -> "  " + line.replace(", ", " ,\t  ") + "   ")
                .collect(Collectors.joining("\r\n", "\r\n", "\r\n\r\n"));

        assertThat(GpuQueryParser.parse(spaced).rows())
                .isEqualTo(GpuQueryParser.parse(gpu(H200X2, "query-gpu.csv")).rows());
    }

    @Test
    void fieldTheDriverDidNotPrintIsEmpty() {
        List<String> lines = gpu(H100, "query-gpu.csv").lines().toList();
        int column = List.of(lines.get(0).split(", ")).indexOf("power.draw [W]");
        String withoutPowerDraw = lines.stream().map(line -> {
            List<String> cells = new ArrayList<>(List.of(line.split(", ")));
            cells.remove(column);
            return String.join(", ", cells);
        }).collect(Collectors.joining("\n"));

        GpuInfo gpu = GpuQueryParser.parse(withoutPowerDraw).rows().get(0);

        assertThat(gpu.powerDrawW()).isEmpty();
        assertThat(gpu).isEqualTo(new GpuInfoCopy(h100(0L, 81079L, 35, 115.82, 1L)).withoutPowerDraw());
    }

    @Test
    void lineThatIsNotAGpuIsKeptAsUnparsed() {
        String lost = "Unable to determine the device handle for GPU0000:00:07.0: GPU is lost.  "
                + "Reboot the system to recover this GPU";
        String csv = gpu(H200X2, "query-gpu.csv").lines().limit(2).collect(Collectors.joining("\n")) + "\n" + lost;

        ParsedRows<GpuInfo> parsed = GpuQueryParser.parse(csv);

        assertThat(parsed.rows()).extracting(GpuInfo::uuid).containsExactly(H200_UUID_0);
        assertThat(parsed.unparsedLines()).containsExactly(lost.strip());
    }

    @Test
    void rowWithoutAUuidIsKeptAsUnparsed() {
        String csv = gpu(H200X2, "query-gpu.csv").replace(H200_UUID_1, "[N/A]");

        ParsedRows<GpuInfo> parsed = GpuQueryParser.parse(csv);

        assertThat(parsed.rows()).extracting(GpuInfo::index).containsExactly(0);
        assertThat(parsed.unparsedLines()).singleElement().asString().startsWith("1, NVIDIA H200, [N/A]");
    }

    @Test
    void emptyOutputHasNoGpus() {
        assertThat(GpuQueryParser.parse("").rows()).isEmpty();
    }

    @Test
    void everyClockEventReasonBitDecodes() {
        assertThat(ClockEventReason.decode(0x1FFL)).isEqualTo(Set.of(ClockEventReason.values()));
        assertThat(ClockEventReason.decode(0x48L))
                .containsExactlyInAnyOrder(ClockEventReason.HW_SLOWDOWN, ClockEventReason.HW_THERMAL_SLOWDOWN);
    }

    private static GpuInfo h100(long used, long free, int temp, double power, long clockReasons) {
        return new GpuInfo(0, H100_UUID, "NVIDIA H100 80GB HBM3", Optional.of("00000000:00:06.0"),
                Optional.of(DriverVersion.parse("580.159.04")), Optional.of("96.00.DA.00.0C"),
                OptionalLong.of(81559), OptionalLong.of(used), OptionalLong.of(free), OptionalInt.of(temp),
                OptionalDouble.of(power), OptionalDouble.of(700.0), OptionalInt.of(0), OptionalInt.of(0),
                Optional.of(true), OptionalLong.of(0), OptionalLong.of(0), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.of(false), Optional.of(new ComputeCapability(9, 0)),
                OptionalInt.of(5), OptionalInt.of(16), OptionalLong.of(clockReasons), Optional.of(true),
                Optional.of(ComputeMode.DEFAULT), Optional.empty());
    }

    private static GpuInfo h200(int index, String uuid, String bus, long used, long free, int temp, double power,
                                long clockReasons) {
        return new GpuInfo(index, uuid, "NVIDIA H200", Optional.of(bus),
                Optional.of(DriverVersion.parse("580.159.04")), Optional.of("96.00.A5.00.1A"),
                OptionalLong.of(143771), OptionalLong.of(used), OptionalLong.of(free), OptionalInt.of(temp),
                OptionalDouble.of(power), OptionalDouble.of(700.0), OptionalInt.of(0), OptionalInt.of(0),
                Optional.of(true), OptionalLong.of(0), OptionalLong.of(0), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.of(false), Optional.of(new ComputeCapability(9, 0)),
                OptionalInt.of(5), OptionalInt.of(16), OptionalLong.of(clockReasons), Optional.of(true),
                Optional.of(ComputeMode.DEFAULT), Optional.empty());
    }

    /** The expected GPU with one field left out, built field by field so the test states what changes. */
    private record GpuInfoCopy(GpuInfo g) {
        GpuInfo withoutPowerDraw() {
            return new GpuInfo(g.index(), g.uuid(), g.name(), g.pciBusId(), g.driverVersion(), g.vbiosVersion(),
                    g.memoryTotalMib(), g.memoryUsedMib(), g.memoryFreeMib(), g.temperatureC(),
                    OptionalDouble.empty(), g.powerLimitW(), g.utilizationGpuPercent(),
                    g.utilizationMemoryPercent(), g.eccEnabled(), g.eccUncorrectedVolatile(),
                    g.eccCorrectedVolatile(), g.retiredPagesPending(), g.remappedRowsPending(),
                    g.remappedRowsFailure(), g.migEnabled(), g.computeCapability(), g.pcieLinkGen(),
                    g.pcieLinkWidth(), g.clocksEventReasons(), g.persistenceMode(), g.computeMode(),
                    g.displayMode());
        }
    }
}
