package io.gputraining.engine.registry.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gputraining.engine.ProgressListener;
import io.gputraining.engine.ProgressListener.Progress;
import io.gputraining.engine.artifacts.ArtifactFile;
import io.gputraining.engine.registry.ModelPublication;
import io.gputraining.engine.registry.RegisteredModel;
import io.gputraining.engine.testing.RecordingSink;
import io.gputraining.engine.testing.TestEnvironment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against the project's test registry (distribution 2.8, plain HTTP on loopback), read back through its own API. */
class OciModelRegistryTest {

    private static final String BASE = "gt-oci-test/models";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private String registryHost;
    private OciModelRegistry registry;
    private RegistryReader reader;
    private final RecordingSink log = new RecordingSink();

    @BeforeEach
    void connect() {
        registryHost = TestEnvironment.registry();
        registry = OciModelRegistry.builder(registryHost, BASE).build();
        reader = new RegistryReader(registryHost, null);
    }

    @Test
    void registersAModelWhoseFilesReadBackFromTheRegistryWithTheirDigestsAndSizes() throws Exception {
        List<ArtifactFile> files = ModelFixture.threeFiles(dir);
        ModelPublication publication = ModelFixture.publication(ModelFixture.uniqueName("ResNet"), "build-42", files, null);
        List<Progress> progress = Collections.synchronizedList(new ArrayList<>());

        RegisteredModel model = registry.register(publication, log, progress::add);

        String repository = BASE + "/" + publication.modelName().toLowerCase();
        RegistryReader.Manifest manifest = reader.manifest(repository, "1").orElseThrow();
        assertThat(model.digest()).isEqualTo(manifest.digest()).isEqualTo(RegistryReader.sha256(manifest.bytes()));
        assertThat(model.uri()).isEqualTo("oci://" + registryHost + "/" + repository + "@" + manifest.digest());
        assertThat(List.of(model.registry(), model.modelName(), model.version()))
                .containsExactly("oci " + registryHost + "/" + BASE, publication.modelName(), "1");
        JsonNode layers = manifest.json().path("layers");
        assertThat(StreamSupport.stream(layers.spliterator(), false)
                .map(l -> tuple(l.path("annotations").path("org.opencontainers.image.title").asText(), l.path("mediaType").asText(),
                        l.path("digest").asText(), l.path("size").asLong())))
                .containsExactly(
                        tuple("checkpoints/model.pt", OciMediaTypes.WEIGHT, files.get(0).digest(), files.get(0).size()),
                        tuple("config.json", OciMediaTypes.WEIGHT_CONFIG, files.get(1).digest(), files.get(1).size()),
                        tuple("train.py", OciMediaTypes.CODE, files.get(2).digest(), files.get(2).size()),
                        tuple("run-manifest.json", OciMediaTypes.RUN_MANIFEST, RegistryReader.sha256(publication.runManifest()),
                                (long) publication.runManifest().length));
        for (JsonNode layer : layers) {
            assertThat(reader.blob(repository, layer.path("digest").asText()))
                    .isEqualTo(new RegistryReader.BlobContent(layer.path("digest").asText(), layer.path("size").asLong()));
        }
        assertThat(progress).filteredOn(p -> p.item().equals("model.pt") && p.status().equals("uploading"))
                .last().extracting(Progress::doneBytes).isEqualTo(files.get(0).size());
    }

    @Test
    void writesAModelPackArtifactWithAnnotationsForNameVersionKeyAndLineage() throws Exception {
        ModelPublication publication = ModelFixture.publication(ModelFixture.uniqueName("bert"), "build-7",
                ModelFixture.threeFiles(dir), null);

        registry.register(publication, log, ProgressListener.ignoring());

        String repository = BASE + "/" + publication.modelName();
        RegistryReader.Manifest manifest = reader.manifest(repository, "1").orElseThrow();
        JsonNode json = manifest.json();
        assertThat(manifest.contentType()).isEqualTo("application/vnd.oci.image.manifest.v1+json");
        assertThat(json.path("artifactType").asText()).isEqualTo("application/vnd.cncf.model.manifest.v1+json");
        assertThat(json.path("config").path("mediaType").asText()).isEqualTo("application/vnd.cncf.model.config.v1+json");
        JsonNode annotations = json.path("annotations");
        assertThat(annotations.path("io.gputraining.model.name").asText()).isEqualTo(publication.modelName());
        assertThat(annotations.path("io.gputraining.model.version").asText()).isEqualTo("1");
        assertThat(annotations.path("io.gputraining.idempotency-key").asText()).isEqualTo("build-7");
        assertThat(annotations.path("io.gputraining.tag.git.commit").asText()).isEqualTo(ModelFixture.LINEAGE.get("git.commit"));
        assertThat(annotations.path("io.gputraining.param.lr").asText()).isEqualTo("0.001");
        assertThat(annotations.path("io.gputraining.metric.loss").asText()).isEqualTo("0.25");
        assertThat(annotations.path("org.opencontainers.image.created").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        JsonNode config = JSON.readTree(
                reader.blobBytes(repository, json.path("config").path("digest").asText()));
        assertThat(config.path("descriptor").path("name").asText()).isEqualTo(publication.modelName());
        assertThat(StreamSupport.stream(config.path("modelfs").path("diffIds").spliterator(), false).map(JsonNode::asText))
                .containsExactlyElementsOf(StreamSupport.stream(json.path("layers").spliterator(), false)
                        .map(l -> l.path("digest").asText()).toList());
    }

    @Test
    void numbersVersionsOneThenTwo() throws Exception {
        String name = ModelFixture.uniqueName("mlp");
        RegisteredModel first = registry.register(ModelFixture.publication(name, "run-1", ModelFixture.threeFiles(dir.resolve("a")), null),
                log, ProgressListener.ignoring());
        RegisteredModel second = registry.register(ModelFixture.publication(name, "run-2", ModelFixture.threeFiles(dir.resolve("b")), null),
                log, ProgressListener.ignoring());

        assertThat(List.of(first.version(), second.version())).containsExactly("1", "2");
        assertThat(reader.manifest(BASE + "/" + name, "2").orElseThrow().digest()).isEqualTo(second.digest()).isNotEqualTo(first.digest());
        assertThat(second.details()).containsEntry("tag", "2").containsEntry("reference", registryHost + "/" + BASE + "/" + name + ":2");
    }

    @Test
    void registeringTheSameIdempotencyKeyAgainReturnsTheFirstVersion() throws Exception {
        String name = ModelFixture.uniqueName("cnn");
        ModelPublication publication = ModelFixture.publication(name, "jenkins/train#17", ModelFixture.threeFiles(dir), null);

        RegisteredModel first = registry.register(publication, log, ProgressListener.ignoring());
        RegisteredModel again = registry.register(publication, log, ProgressListener.ignoring());

        assertThat(again).isEqualTo(first);
        assertThat(reader.tags(BASE + "/" + name)).containsExactlyInAnyOrder("1", VersionTags.idempotencyTag("jenkins/train#17"));
        assertThat(log.messages()).anyMatch(m -> m.contains("already registered under this idempotency key"));
        assertThat(registry.find(name, "jenkins/train#17")).contains(first);
        assertThat(registry.find(name, "jenkins/train#18")).isEmpty();
    }

    @Test
    void findsAVersionByItsKeyAmongRecentVersionsWhenItsIdempotencyTagIsMissing() throws Exception {
        // The state a crash between tagging a version and tagging its key leaves: version 2 without its idem tag.
        String name = ModelFixture.uniqueName("gpt");
        String repository = BASE + "/" + name;
        registry.register(ModelFixture.publication(name, "run-a", ModelFixture.threeFiles(dir), null), log, ProgressListener.ignoring());
        ObjectNode manifest = (ObjectNode) reader.manifest(repository, "1").orElseThrow().json();
        ((ObjectNode) manifest.path("annotations")).put("io.gputraining.idempotency-key", "run-b").put("io.gputraining.model.version", "2");
        String digest = reader.putManifest(repository, "2", JSON.writeValueAsBytes(manifest));

        assertThat(registry.find(name, "run-b")).hasValueSatisfying(m -> assertThat(List.of(m.version(), m.digest()))
                .containsExactly("2", digest));
        RegisteredModel retried = registry.register(ModelFixture.publication(name, "run-b", ModelFixture.threeFiles(dir.resolve("b")), null),
                log, ProgressListener.ignoring());

        assertThat(List.of(retried.version(), retried.digest())).containsExactly("2", digest);
        assertThat(reader.manifest(repository, VersionTags.idempotencyTag("run-b")).orElseThrow().digest()).isEqualTo(digest);
        assertThat(reader.tags(repository)).doesNotContain("3");
    }

    @Test
    void tagsTheAliasOnTheNewVersionAndMovesItToTheNext() throws Exception {
        String name = ModelFixture.uniqueName("vit");
        String repository = BASE + "/" + name;
        RegisteredModel first = registry.register(ModelFixture.publication(name, "k1", ModelFixture.threeFiles(dir.resolve("a")), "candidate"),
                log, ProgressListener.ignoring());
        assertThat(reader.manifest(repository, "candidate").orElseThrow().digest()).isEqualTo(first.digest());
        assertThat(first.details()).containsEntry("alias", "candidate");

        RegisteredModel second = registry.register(ModelFixture.publication(name, "k2", ModelFixture.threeFiles(dir.resolve("b")), "candidate"),
                log, ProgressListener.ignoring());

        assertThat(reader.manifest(repository, "candidate").orElseThrow().digest()).isEqualTo(second.digest());
        assertThat(reader.manifest(repository, "1").orElseThrow().digest()).isEqualTo(first.digest());
    }

    @Test
    void putsAMixedCaseModelNameIntoItsLowerCaseRepositoryAndKeepsTheNameInTheManifest() throws Exception {
        String name = ModelFixture.uniqueName("Llama-3B");
        RegisteredModel model = registry.register(ModelFixture.publication(name, "k", ModelFixture.threeFiles(dir), null),
                log, ProgressListener.ignoring());

        RegistryReader.Manifest manifest = reader.manifest(BASE + "/" + name.toLowerCase(), "1").orElseThrow();
        assertThat(manifest.json().path("annotations").path("io.gputraining.model.name").asText()).isEqualTo(name);
        assertThat(model.uri()).contains("/" + BASE + "/" + name.toLowerCase() + "@sha256:");
    }
}
