package io.gputraining.engine.registry.mlflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file four times larger than the heap goes up, is verified and registered: the upload streams. */
class MlflowLargeUploadTest {

    private static final long SIZE = 256L * 1024 * 1024;
    private static final String HEAP = "-Xmx64m";

    @TempDir
    Path dir;

    @Test
    void aFileLargerThanTheHeapIsRegisteredWithItsSha256() throws Exception {
        MlflowServer server = new MlflowServer();
        Path file = largeFile(dir.resolve("checkpoint.bin"));
        String sha256 = TrainingOutput.sha256(file);
        String model = MlflowServer.unique("large");

        List<String> lines = runChild(server, file, sha256, model);

        JsonNode version = server.modelVersion(model, "1");
        String artifact = version.path("source").asText() + "/checkpoint.bin";
        try {
            assertThat(lines).contains("version=1", "progress=" + SIZE);
            assertThat(version.path("status").asText()).isEqualTo("READY");
            assertThat(server.sha256(artifact)).isEqualTo(sha256);
        } finally {
            server.deleteArtifact(artifact); // 256 MiB the server's disk need not keep
        }
    }

    /** Mostly sparse, with random 1 MiB blocks every 32 MiB, so that the content is not all zeros. */
    private static Path largeFile(Path path) throws IOException {
        Random random = new Random(7);
        byte[] block = new byte[1 << 20];
        try (RandomAccessFile out = new RandomAccessFile(path.toFile(), "rw")) {
            out.setLength(SIZE);
            for (long at = 0; at < SIZE; at += 32L << 20) {
                random.nextBytes(block);
                out.seek(at);
                out.write(block);
            }
        }
        return path;
    }

    private static List<String> runChild(MlflowServer server, Path file, String sha256, String model) throws Exception {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(), HEAP,
                "-cp", System.getProperty("java.class.path"), LargeUploadMain.class.getName(),
                server.url(), MlflowServer.unique("large-upload-test"), model, "k", file.toString(), sha256));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(Map.of("MLFLOW_TEST_USER", server.auth().username(),
                "MLFLOW_TEST_PASSWORD", server.password()));
        Process child = builder.start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(child.exitValue()).as("child output:%n%s", output).isZero();
        System.err.println("[MlflowLargeUploadTest] " + HEAP + " child: " + output.strip().replace('\n', ' '));
        return output.lines().toList();
    }
}
