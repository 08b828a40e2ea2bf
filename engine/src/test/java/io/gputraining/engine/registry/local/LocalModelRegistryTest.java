package io.gputraining.engine.registry.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.gputraining.engine.LogSink;
import io.gputraining.engine.ProgressListener;
import io.gputraining.engine.artifacts.ArtifactFile;
import io.gputraining.engine.artifacts.FileTree;
import io.gputraining.engine.registry.ModelPublication;
import io.gputraining.engine.registry.RegisteredModel;
import io.gputraining.engine.testing.RecordingSink;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalModelRegistryTest {

    @TempDir
    Path base;

    private Path output;
    private LocalModelRegistry registry;
    private final RecordingSink log = new RecordingSink();

    @BeforeEach
    void setUp() throws Exception {
        output = base.resolve("output");
        FileTree tree = new FileTree(output);
        tree.randomFile("checkpoints/model.pt", 3L << 20, 11);
        tree.file("metrics.json", "{\"loss\": 0.125}");
        tree.file("config/train.yaml", "lr: 0.001\n");
        registry = new LocalModelRegistry(base.resolve("registry"));
    }

    private RegisteredModel register(String key) throws Exception {
        return registry.register(Publications.of("resnet", key, Publications.select(output), null), log,
                ProgressListener.ignoring());
    }

    @Test
    void everyStoredBlobHasTheSourceFilesSha256() throws Exception {
        RegisteredModel m = register("run-1");
        VersionManifest manifest = registry.manifest("resnet", 1).orElseThrow();
        assertThat(manifest.artifacts()).extracting(VersionManifest.Artifact::path)
                .containsExactly("checkpoints/model.pt", "config/train.yaml", "metrics.json");
        for (VersionManifest.Artifact a : manifest.artifacts()) {
            String source = sha256(output.resolve(a.path()));
            assertThat(a.sha256()).isEqualTo(source);
            assertThat(sha256(registry.blob(a.sha256()))).as(a.path()).isEqualTo(source);
            assertThat(sha256(Path.of(m.details().get("files")).resolve(a.path()))).as(a.path()).isEqualTo(source);
            assertThat(a.size()).isEqualTo(Files.size(output.resolve(a.path())));
        }
    }

    @Test
    void registeredModelNamesTheVersionDirectoryAndTheManifestDigest() throws Exception {
        RegisteredModel m = register("run-1");
        Path dir = base.resolve("registry/models/resnet/versions/1").toAbsolutePath();
        assertThat(m.registry()).isEqualTo("local " + base.resolve("registry").toAbsolutePath());
        assertThat(m.modelName()).isEqualTo("resnet");
        assertThat(m.version()).isEqualTo("1");
        assertThat(Path.of(URI.create(m.uri()))).isEqualTo(dir);
        assertThat(m.digest()).isEqualTo("sha256:" + sha256(dir.resolve("manifest.json")));
        assertThat(m.details()).containsEntry("manifest", dir.resolve("manifest.json").toString());
    }

    @Test
    void manifestKeepsEverythingOfThePublication() throws Exception {
        ModelPublication p = Publications.of("resnet", "run-1", Publications.select(output), null);
        registry.register(p, log, ProgressListener.ignoring());
        VersionManifest m = registry.manifest("resnet", 1).orElseThrow();
        assertThat(m.schema()).isEqualTo(VersionManifest.SCHEMA);
        assertThat(m.modelName()).isEqualTo("resnet");
        assertThat(m.version()).isEqualTo(1);
        assertThat(m.idempotencyKey()).isEqualTo("run-1");
        assertThat(m.params()).isEqualTo(p.params());
        assertThat(m.metrics()).isEqualTo(p.metrics());
        assertThat(m.metricHistory()).isEqualTo(p.metricHistory());
        assertThat(m.tags()).isEqualTo(p.tags());
        assertThat(m.created()).isNotBlank();
        assertThat(m.runManifest().digest()).isEqualTo("sha256:" + sha256(p.runManifest()));
        assertThat(Files.readAllBytes(registry.blob(m.runManifest().sha256()))).isEqualTo(p.runManifest());
        assertThat(Files.readAllBytes(Path.of(registry.version("resnet", 1).orElseThrow().details().get("manifest"))
                .resolveSibling(ModelPublication.MANIFEST_FILE))).isEqualTo(p.runManifest());
    }

    @Test
    void secondRegistrationBecomesVersionTwo() throws Exception {
        register("run-1");
        RegisteredModel second = register("run-2");
        assertThat(second.version()).isEqualTo("2");
        assertThat(registry.versions("resnet")).containsExactly(1, 2);
    }

    @Test
    void sameIdempotencyKeyReturnsTheExistingVersion() throws Exception {
        RegisteredModel first = register("run-1");
        RegisteredModel again = register("run-1");
        assertThat(again).isEqualTo(first);
        assertThat(registry.versions("resnet")).containsExactly(1);
        assertThat(log.messages()).anyMatch(l -> l.contains("registered before under idempotency key 'run-1'"));
    }

    @Test
    void findLooksUpTheVersionOfAKey() throws Exception {
        register("run-1");
        RegisteredModel second = register("run-2");
        assertThat(registry.find("resnet", "run-2")).contains(second);
        assertThat(registry.find("resnet", "run-3")).isEmpty();
        assertThat(registry.find("unknown-model", "run-1")).isEmpty();
    }

    @Test
    void equalContentIsStoredOnceAcrossVersions() throws Exception {
        register("run-1");
        register("run-2");
        try (Stream<Path> blobs = Files.list(base.resolve("registry/blobs/sha256"))) {
            assertThat(blobs.count()).as("3 artifacts + 2 distinct run manifests").isEqualTo(5);
        }
    }

    @Test
    void nothingIsLeftInTheWorkDirectoryAfterARegistration() throws Exception {
        register("run-1");
        try (Stream<Path> tmp = Files.list(base.resolve("registry/tmp"))) {
            assertThat(tmp.toList()).isEmpty();
        }
    }

    @Test
    void nonFiniteMetricsSurviveTheManifest() throws Exception {
        List<ArtifactFile> files = Publications.select(output);
        ModelPublication p = new ModelPublication("resnet", "run-nan", files, Map.of(),
                Map.of("loss", Double.NaN, "grad", Double.POSITIVE_INFINITY), List.of(), Map.of(), new byte[0], null);
        registry.register(p, LogSink.discarding(), ProgressListener.ignoring());
        assertThat(registry.manifest("resnet", 1).orElseThrow().metrics())
                .containsEntry("loss", Double.NaN).containsEntry("grad", Double.POSITIVE_INFINITY);
    }

    @Test
    void storingALargeFileReportsProgress() throws Exception {
        new FileTree(output).randomFile("checkpoints/big.pt", 17L << 20, 5);
        List<ProgressListener.Progress> reports = new java.util.concurrent.CopyOnWriteArrayList<>();
        registry.register(Publications.of("resnet", "run-1", Publications.select(output), null), log, reports::add);
        assertThat(reports).extracting(ProgressListener.Progress::item).containsOnly("checkpoints/big.pt");
        assertThat(reports).extracting(ProgressListener.Progress::task).containsOnly(LocalModelRegistry.TASK);
        assertThat(reports.get(reports.size() - 1).doneBytes()).isEqualTo(17L << 20);
    }

    static String sha256(Path file) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            md.update(in.readAllBytes());
        }
        return HexFormat.of().formatHex(md.digest());
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
