package io.gputraining.engine.cdi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * NVIDIA's CDI specs as the preflight reads them: every machine under fixtures/cdi (the hand-written one in
 * nvidia-ctk's format until scripts/capture-cdi-spec has captured real ones), and the shapes a broken spec takes.
 */
class CdiSpecParserTest {

    static Stream<Path> machines() throws Exception {
        try (Stream<Path> dirs = Files.list(fixtures())) {
            return dirs.filter(d -> Files.isRegularFile(d.resolve("nvidia.yaml"))).sorted().toList().stream();
        }
    }

    private static Path fixtures() throws URISyntaxException {
        return Path.of(CdiSpecParserTest.class.getResource("/fixtures/cdi").toURI());
    }

    /** index, uuid and driver version per GPU, from that machine's nvidia-smi query. */
    private static List<String[]> gpus(Path machine) throws Exception {
        List<String[]> rows = new ArrayList<>();
        for (String line : Files.readAllLines(machine.resolve("nvidia-smi-query.csv"))) {
            if (!line.isBlank()) {
                rows.add(line.split(",\\s*"));
            }
        }
        return rows;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("machines")
    void namesEveryGpuByIndexAndUuidAndAllForTheDriverThatRuns(Path machine) throws Exception {
        CdiSpec spec = new CdiSpecParser().parse(Files.readString(machine.resolve("nvidia.yaml")), "nvidia.yaml");

        assertThat(spec.kind()).isEqualTo("nvidia.com/gpu");
        assertThat(spec.devices()).contains("all");
        for (String[] gpu : gpus(machine)) {
            assertThat(spec.devices()).contains(gpu[0].strip(), gpu[2].strip());
            assertThat(spec.driverVersion()).isEqualTo(gpu[4].strip());
        }
        assertThat(spec.hostPaths()).contains("/dev/nvidiactl").anyMatch(p -> p.contains("libcuda.so."));
    }

    @Test
    void aSpecWithoutTheCompatHookStillNamesItsDriverByItsLibraries() throws Exception {
        String text = Files.readString(fixtures().resolve("h100-driver-580-handwritten/nvidia.yaml"))
                .replace("--host-driver-version=580.159.04", "--folder=/x").replace("580.159.04", "570.86.15");

        assertThat(new CdiSpecParser().parse(text, "old.yaml").driverVersion()).isEqualTo("570.86.15");
    }

    @Test
    void aJsonSpecIsReadToo() {
        CdiSpec spec = new CdiSpecParser().parse("""
                {"cdiVersion":"0.6.0","kind":"vendor.example/fpga","devices":[{"name":"a","containerEdits":
                {"deviceNodes":[{"path":"/dev/fpga0"}]}}],"containerEdits":{"env":["X=1"]}}
                """, "fpga.json");

        assertThat(spec.kind()).isEqualTo("vendor.example/fpga");
        assertThat(spec.devices()).containsExactly("a");
        assertThat(spec.hostPaths()).containsExactly("/dev/fpga0");
        assertThat(spec.driverVersion()).isNull();
    }

    @Test
    void brokenSpecsAreNamedWithWhatIsWrong() {
        CdiSpecParser parser = new CdiSpecParser();
        assertThatThrownBy(() -> parser.parse("kind: [unclosed", "/etc/cdi/bad.yaml"))
                .isInstanceOf(CdiSpecFormatException.class).hasMessageContaining("/etc/cdi/bad.yaml").hasMessageContaining("YAML");
        assertThatThrownBy(() -> parser.parse("cdiVersion: 0.5.0\ndevices: []\n", "/etc/cdi/nokind.yaml"))
                .isInstanceOf(CdiSpecFormatException.class).hasMessageContaining("no kind");
        assertThatThrownBy(() -> parser.parse("kind: nvidia.com/gpu\n", "/etc/cdi/nodevices.yaml"))
                .isInstanceOf(CdiSpecFormatException.class).hasMessageContaining("no devices");
    }

    @Test
    void theSafeLoaderRefusesToBuildObjects() {
        assertThatThrownBy(() -> new CdiSpecParser().parse("!!java.io.File [\"/etc/passwd\"]", "evil.yaml"))
                .isInstanceOf(CdiSpecFormatException.class);
    }

    @Test
    void aScanKeepsTheKindAskedForAndNamesTheHostFilesThatAreGone(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Files.copy(fixtures().resolve("h100-driver-580-handwritten/nvidia.yaml"), dir.resolve("nvidia.yaml"));
        Files.writeString(dir.resolve("other.yaml"), "cdiVersion: 0.5.0\nkind: vendor.example/fpga\ndevices: [{name: a}]\n");
        Files.writeString(dir.resolve("broken.json"), "{");
        Files.writeString(dir.resolve("notes.txt"), "not a spec");

        CdiSpecScan scan = CdiSpecScan.read(List.of(dir.toString(), dir.resolve("absent").toString()), "nvidia.com/gpu",
                path -> !path.endsWith("/libcuda.so.580.159.04"));

        assertThat(scan.specs()).hasSize(1);
        assertThat(scan.specs().get(0).missingHostPaths()).containsExactly("/usr/lib/x86_64-linux-gnu/libcuda.so.580.159.04");
        assertThat(scan.otherKinds()).isEqualTo(1);
        assertThat(scan.unreadable()).singleElement().asString().contains("broken.json");
        assertThat(scan.devices()).contains("0", "all");
    }
}
