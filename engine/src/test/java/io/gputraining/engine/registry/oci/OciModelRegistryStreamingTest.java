package io.gputraining.engine.registry.oci;

import static org.assertj.core.api.Assertions.assertThat;

import io.gputraining.engine.artifacts.ArtifactFile;
import io.gputraining.engine.image.LocalRegistryProcess;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The upload streams: a JVM with a 32 MiB heap pushes a 160 MiB checkpoint. */
class OciModelRegistryStreamingTest {

    private static final int HEAP_MIB = 32;
    private static final int FILE_MIB = 160;

    @TempDir
    Path dir;

    @Test
    void pushesAFileFiveTimesLargerThanTheHeap() throws Exception {
        Path root = Files.createDirectories(dir.resolve("out"));
        writeRandom(root.resolve("model.safetensors"), FILE_MIB);
        ArtifactFile artifact = ModelFixture.hashed(root, "model.safetensors");
        try (LocalRegistryProcess registry = LocalRegistryProcess.start(dir.resolve("registry"), dir.resolve("storage"), "", "")) {
            Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
            Process push = new ProcessBuilder(javaBin.toString(), "-Xmx" + HEAP_MIB + "m", "-cp", System.getProperty("java.class.path"),
                    SmallHeapPushMain.class.getName(), registry.hostPort(), root.toString(), "model.safetensors", artifact.sha256())
                    .redirectErrorStream(true).start();
            boolean ended = push.waitFor(120, TimeUnit.SECONDS);
            String output = new String(push.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!ended) {
                push.destroyForcibly();
            }

            assertThat(ended).as(output).isTrue();
            assertThat(push.exitValue()).as(output).isZero();
            assertThat(output).contains("maxHeap=").doesNotContain("OutOfMemoryError");
            long maxHeap = Long.parseLong(output.replaceAll("(?s).*maxHeap=(\\d+).*", "$1"));
            assertThat(maxHeap).isLessThan(((long) FILE_MIB << 20) / 4);
            RegistryReader reader = new RegistryReader(registry.hostPort(), null);
            assertThat(reader.blob("big/checkpoint", artifact.digest()))
                    .isEqualTo(new RegistryReader.BlobContent(artifact.digest(), (long) FILE_MIB << 20));
            assertThat(output).contains("digest=" + reader.manifest("big/checkpoint", "1").orElseThrow().digest());
        }
    }

    private static void writeRandom(Path file, int mib) throws Exception {
        Random random = new Random(7);
        byte[] chunk = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int i = 0; i < mib; i++) {
                random.nextBytes(chunk);
                out.write(chunk);
            }
        }
    }
}
