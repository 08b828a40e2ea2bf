package io.gputraining.engine.cdi;

import io.gputraining.engine.testing.TestEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * A CDI spec the tests write into {@code /etc/cdi} for a device kind of their own, unique per instance so that
 * runs of other checkouts on the same machine never see two specs of one kind. Device {@code 0} injects the
 * provisioned test device node and {@code GT_CDI_DEVICE_0=present} (also named by the replayed H100's UUID, as
 * nvidia-ctk names a GPU by index and UUID), device {@code 1} only
 * {@code GT_CDI_DEVICE_1=present}, device {@code all} both; every device gets {@code GT_CDI_SPEC=<kind>}.
 */
public final class TestCdiSpec implements AutoCloseable {

    public static final Path SPEC_DIR = Path.of("/etc/cdi");

    private final CdiKind kind;
    private final Path file;

    private TestCdiSpec(CdiKind kind, Path file) {
        this.kind = kind;
        this.file = file;
    }

    /** The UUID of the H100 that {@code NvidiaSmiStandIn.H100} replays: device {@code 0} under its UUID name too. */
    public static final String H100_UUID = "GPU-b5985e46-2b4b-da6a-7526-7d6fab3a4cc8";

    /** The driver a stale spec names, as NVIDIA's names its libraries (this host has none of it). */
    public static final String OLD_DRIVER = "570.86.15";

    /** Writes the spec; fails (CI) or aborts the test when {@code /etc/cdi} cannot be written. */
    public static TestCdiSpec write() throws IOException {
        return write("");
    }

    /**
     * Writes a spec left behind by a driver upgrade: besides the test device it mounts the old driver's
     * {@code libcuda.so.}{@value #OLD_DRIVER}, which this host does not have.
     */
    public static TestCdiSpec writeStale() throws IOException {
        return write("""
                  mounts:
                  - hostPath: /usr/lib/x86_64-linux-gnu/libcuda.so.%1$s
                    containerPath: /usr/lib/x86_64-linux-gnu/libcuda.so.%1$s
                    options: [ro, nosuid, nodev, bind]
                """.formatted(OLD_DRIVER));
    }

    /** A kind of the same shape that no spec defines. */
    public static CdiKind kindWithoutSpec() {
        return new CdiKind("t" + UUID.randomUUID().toString().substring(0, 8) + ".test.gpu-training.io", "gpu");
    }

    private static TestCdiSpec write(String commonEdits) throws IOException {
        String id = UUID.randomUUID().toString().substring(0, 8);
        CdiKind kind = new CdiKind("t" + id + ".test.gpu-training.io", "gpu");
        Path file = SPEC_DIR.resolve("gpu-training-test-" + id + ".yaml");
        String node = TestEnvironment.cdiTestDevice();
        try {
            Files.createDirectories(SPEC_DIR);
            Files.writeString(file, yaml(kind, node, commonEdits));
        } catch (IOException | SecurityException e) {
            TestEnvironment.requirePresent(false, "write access to " + SPEC_DIR + " (" + e + ")");
        }
        return new TestCdiSpec(kind, file);
    }

    static String yaml(CdiKind kind, String node, String commonEdits) {
        return """
                # Written by a gpu-training test; removed when it ends.
                cdiVersion: "0.5.0"
                kind: "%1$s"
                containerEdits:
                  env: ["GT_CDI_SPEC=%1$s"]
                %3$sdevices:
                - name: "0"
                  containerEdits:
                    env: ["GT_CDI_DEVICE_0=present"]
                    deviceNodes:
                    - path: %2$s
                - name: "%4$s"
                  containerEdits:
                    env: ["GT_CDI_DEVICE_0=present"]
                    deviceNodes:
                    - path: %2$s
                - name: "1"
                  containerEdits:
                    env: ["GT_CDI_DEVICE_1=present"]
                - name: all
                  containerEdits:
                    env: ["GT_CDI_DEVICE_0=present", "GT_CDI_DEVICE_1=present"]
                    deviceNodes:
                    - path: %2$s
                """.formatted(kind, node, commonEdits, H100_UUID);
    }

    public CdiKind kind() {
        return kind;
    }

    public Path file() {
        return file;
    }

    @Override
    public void close() throws IOException {
        Files.deleteIfExists(file);
    }
}
