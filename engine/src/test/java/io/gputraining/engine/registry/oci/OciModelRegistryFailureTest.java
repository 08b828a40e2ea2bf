package io.gputraining.engine.registry.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gputraining.engine.ProgressListener;
import io.gputraining.engine.artifacts.ArtifactFile;
import io.gputraining.engine.http.RetryPolicy;
import io.gputraining.engine.image.LocalRegistryProcess;
import io.gputraining.engine.registry.ModelPublication;
import io.gputraining.engine.registry.ModelRegistryException;
import io.gputraining.engine.registry.RegisteredModel;
import io.gputraining.engine.testing.Fault;
import io.gputraining.engine.testing.FaultPlan;
import io.gputraining.engine.testing.FaultProxy;
import io.gputraining.engine.testing.ProxiedRequest;
import io.gputraining.engine.testing.RecordingSink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real registry of our own behind a proxy that fails chosen blob uploads, and files that vanish. */
class OciModelRegistryFailureTest {

    private static final String BASE = "models";
    private static final Predicate<ProxiedRequest> BLOB_PUT = ProxiedRequest.matching("PUT", ".*/blobs/uploads/.*");
    private static final RetryPolicy QUICK = new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(20));

    @TempDir
    static Path registryDir;
    private static LocalRegistryProcess registry;

    @TempDir
    Path dir;
    private FaultProxy proxy;
    private RegistryReader reader;
    private final RecordingSink log = new RecordingSink();

    @BeforeAll
    static void startRegistry() throws Exception {
        registry = LocalRegistryProcess.start(registryDir.resolve("registry"), registryDir.resolve("storage"), "", "");
    }

    @AfterAll
    static void stopRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    @BeforeEach
    void startProxy() throws Exception {
        proxy = FaultProxy.start(registry.hostPort());
        reader = new RegistryReader(registry.hostPort(), null);
    }

    @AfterEach
    void stopProxy() {
        proxy.close();
    }

    private OciModelRegistry throughProxy() {
        return OciModelRegistry.builder(proxy.hostPort(), BASE).retryPolicy(QUICK).build();
    }

    @Test
    void aFailureMidWayLeavesNoManifestOrTagAndNamesTheFilesUploadedBeforeIt() throws Exception {
        List<ArtifactFile> files = ModelFixture.threeFiles(dir);
        proxy.plan(FaultPlan.onMatching(BLOB_PUT, 2, Integer.MAX_VALUE, Fault.answer(500)));

        ModelRegistryException e = catchThrowableOfType(ModelRegistryException.class, () -> throughProxy().register(
                ModelFixture.publication("resnet", "k", files, "production"), log, ProgressListener.ignoring()));

        assertThat(e.uploaded()).containsExactly("checkpoints/model.pt");
        assertThat(e).hasMessageContaining("Registering model 'resnet' in " + proxy.hostPort() + "/models/resnet failed")
                .hasMessageContaining("answered 500 (registry said: UNKNOWN: injected failure 500)")
                .hasMessageContaining("gave up after 3 attempts")
                .hasMessageContaining("No version was created")
                .hasMessageContaining("Uploaded before the failure (no version refers to them): checkpoints/model.pt.");
        assertThat(reader.tags(BASE + "/resnet")).isEmpty();
        assertThat(proxy.requests()).noneMatch(r -> r.startsWith("PUT /v2/models/resnet/manifests/"));
        assertThat(reader.blob(BASE + "/resnet", files.get(0).digest()).size()).isEqualTo(files.get(0).size());
    }

    @Test
    void aRegistryFailingTheLookupSaysNothingWasUploadedAndToRegisterAgain() throws Exception {
        proxy.plan(FaultPlan.onMatching(ProxiedRequest.matching("GET", ".*/manifests/idem-.*"), 1, Integer.MAX_VALUE,
                Fault.answer(502)));

        ModelRegistryException e = catchThrowableOfType(ModelRegistryException.class, () -> throughProxy().register(
                ModelFixture.publication("lookup", "k", ModelFixture.threeFiles(dir), null), log, ProgressListener.ignoring()));

        assertThat(e).hasMessageContaining("answered 502")
                .hasMessageContaining("(gave up after 3 attempts; see the registry's log, then register again)")
                .hasMessageContaining("Nothing was uploaded or created.");
        assertThat(e.uploaded()).isEmpty();
        assertThat(proxy.requests()).noneMatch(r -> r.startsWith("POST "));
    }

    @Test
    void aRegistryThatStopsAnsweringOnceTheManifestWasSentSaysTheVersionMayExistAndRegisteringAgainFinishesIt() throws Exception {
        List<ArtifactFile> files = ModelFixture.threeFiles(dir);
        // The first GET of tag 1 (is it free?) passes; the check after the PUT is cut short on every attempt.
        proxy.plan(FaultPlan.onMatching(ProxiedRequest.matching("GET", ".*/manifests/1"), 2, Integer.MAX_VALUE,
                Fault.truncateResponse(10)));
        ModelPublication publication = ModelFixture.publication("doubt", "k", files, "production");

        ModelRegistryException e = catchThrowableOfType(ModelRegistryException.class,
                () -> throughProxy().register(publication, log, ProgressListener.ignoring()));

        assertThat(e).hasMessageContaining("Version 1 may exist now, complete")
                .hasMessageContaining("Register again with the same idempotency key").hasMessageNotContaining("No version was created");
        assertThat(reader.tags(BASE + "/doubt")).containsExactly("1");
        proxy.plan(FaultPlan.passThrough());
        RegisteredModel again = throughProxy().register(publication, log, ProgressListener.ignoring());
        assertThat(again.version()).isEqualTo("1");
        assertThat(reader.tags(BASE + "/doubt")).containsExactlyInAnyOrder("1", VersionTags.idempotencyTag("k"), "production");
    }

    @Test
    void aManifestCutOffMidBodyIsReadBackAndTheFailureSaysTrulyThatNoVersionWasCreated() throws Exception {
        proxy.plan(FaultPlan.onMatching(ProxiedRequest.matching("PUT", ".*/manifests/1"), 1, Integer.MAX_VALUE,
                Fault.resetAfter(100)));

        ModelRegistryException e = catchThrowableOfType(ModelRegistryException.class, () -> throughProxy().register(
                ModelFixture.publication("cut", "k", ModelFixture.threeFiles(dir), null), log, ProgressListener.ignoring()));

        assertThat(e).hasMessageContaining("No version was created").hasMessageNotContaining("may exist");
        assertThat(reader.tags(BASE + "/cut")).isEmpty();
    }

    @Test
    void aManifestStoredWhoseAnswerWasLostIsFoundByReadingBackAndTheRegistrationGoesOn() throws Exception {
        // The whole PUT reaches the registry, which stores the version; the answer never comes back, on every attempt.
        proxy.plan(FaultPlan.onMatching(ProxiedRequest.matching("PUT", ".*/manifests/1"), 1, Integer.MAX_VALUE,
                Fault.resetAfter(Long.MAX_VALUE)));

        RegisteredModel model = throughProxy().register(ModelFixture.publication("lost", "k", ModelFixture.threeFiles(dir),
                "production"), log, ProgressListener.ignoring());

        assertThat(model.version()).isEqualTo("1");
        assertThat(reader.tags(BASE + "/lost")).containsExactlyInAnyOrder("1", VersionTags.idempotencyTag("k"), "production");
        assertThat(log.messages()).anyMatch(m -> m.startsWith("Version 1 was stored although the registry's answer was lost"));
    }

    @Test
    void aServiceUnavailableAnswerIsRetriedAndTheRegistrationSucceeds() throws Exception {
        List<ArtifactFile> files = ModelFixture.threeFiles(dir);
        proxy.plan(FaultPlan.onMatching(BLOB_PUT, 1, 1, Fault.answer(503)));

        RegisteredModel model = throughProxy().register(ModelFixture.publication("bert", "k", files, null), log,
                ProgressListener.ignoring());

        assertThat(model.version()).isEqualTo("1");
        assertThat(log.messages()).anyMatch(m -> m.startsWith("upload checkpoints/model.pt failed (") && m.contains("answered 503")
                && m.contains("attempt 2 of 3"));
        assertThat(reader.blob(BASE + "/bert", files.get(0).digest()))
                .isEqualTo(new RegistryReader.BlobContent(files.get(0).digest(), files.get(0).size()));
        assertThat(reader.manifest(BASE + "/bert", "1").orElseThrow().digest()).isEqualTo(model.digest());
    }

    @Test
    void aClientErrorFailsAtOnceWithTheRegistrysErrorAndWithoutRetrying() throws Exception {
        proxy.plan(FaultPlan.onMatching(BLOB_PUT, 1, Integer.MAX_VALUE, Fault.answer(400)));

        ModelRegistryException e = catchThrowableOfType(ModelRegistryException.class, () -> throughProxy().register(
                ModelFixture.publication("gpt", "k", ModelFixture.threeFiles(dir), null), log, ProgressListener.ignoring()));

        assertThat(e).hasMessageContaining("with status 400").hasMessageContaining("registry said: UNKNOWN: injected failure 400")
                .hasMessageNotContaining("gave up after");
        assertThat(e.uploaded()).isEmpty();
        assertThat(blobPuts()).isEqualTo(1);
        assertThat(reader.tags(BASE + "/gpt")).isEmpty();
    }

    @Test
    void aFileDeletedAfterSelectionFailsTheRegistrationNamingItAndCreatesNoVersion() throws Exception {
        List<ArtifactFile> files = ModelFixture.threeFiles(dir);
        Files.delete(files.get(1).local());

        ModelRegistryException e = catchThrowableOfType(ModelRegistryException.class, () -> throughProxy().register(
                ModelFixture.publication("mlp", "k", files, null), log, ProgressListener.ignoring()));

        assertThat(e).hasMessageContaining("the artifact 'config.json' (" + files.get(1).localPath() + ") changed after it was selected: "
                + "it no longer exists");
        assertThat(e.uploaded()).containsExactly("checkpoints/model.pt");
        assertThat(reader.tags(BASE + "/mlp")).isEmpty();
    }

    @Test
    void aFileThatGrewAfterSelectionIsNotUploaded() throws Exception {
        List<ArtifactFile> files = ModelFixture.threeFiles(dir);
        Files.writeString(files.get(2).local(), "# appended later\n", java.nio.file.StandardOpenOption.APPEND);

        ModelRegistryException e = catchThrowableOfType(ModelRegistryException.class, () -> throughProxy().register(
                ModelFixture.publication("cnn", "k", files, null), log, ProgressListener.ignoring()));

        assertThat(e).hasMessageContaining("the artifact 'train.py'").hasMessageContaining("not the " + files.get(2).size() + " it had");
        assertThat(reader.tags(BASE + "/cnn")).isEmpty();
    }

    @Test
    void skipsBlobsTheRepositoryAlreadyHas() throws Exception {
        List<ArtifactFile> files = ModelFixture.threeFiles(dir);
        OciModelRegistry oci = throughProxy();
        oci.register(ModelFixture.publication("vit", "k1", files, null), log, ProgressListener.ignoring());
        List<ArtifactFile> more = List.of(files.get(0), ModelFixture.write(dir, "notes/README.md", "# second run\n".getBytes()));
        int putsBefore = proxy.requests().size();

        RegisteredModel second = oci.register(ModelFixture.publication("vit", "k2", more, null), log, ProgressListener.ignoring());

        List<String> secondRun = proxy.requests().subList(putsBefore, proxy.requests().size());
        String weights = files.get(0).digest().replace(":", "%3A");
        assertThat(secondRun).noneMatch(r -> r.startsWith("PUT ") && r.contains(weights));
        assertThat(secondRun).anyMatch(r -> r.startsWith("PUT ") && r.contains(more.get(1).digest().replace(":", "%3A")));
        assertThat(log.messages()).anyMatch(m -> m.contains("checkpoints/model.pt: already in the registry"));
        assertThat(reader.manifest(BASE + "/vit", "2").orElseThrow().json().path("layers").get(1).path("mediaType").asText())
                .isEqualTo(OciMediaTypes.DOC);
        assertThat(second.version()).isEqualTo("2");
    }

    @Test
    void anInterruptDuringAnUploadEndsTheRegistrationPromptlyWithoutAVersion() throws Exception {
        List<ArtifactFile> files = ModelFixture.threeFiles(dir);
        proxy.plan(FaultPlan.onMatching(BLOB_PUT, 1, Integer.MAX_VALUE, Fault.hang()));
        java.util.concurrent.CompletableFuture<Throwable> outcome = new java.util.concurrent.CompletableFuture<>();
        Thread registering = new Thread(() -> {
            try {
                throughProxy().register(ModelFixture.publication("hung", "k", files, null), log, ProgressListener.ignoring());
                outcome.complete(null);
            } catch (Throwable t) {
                outcome.complete(t);
            }
        });
        registering.start();
        assertThat(proxy.awaitInjections(1, Duration.ofSeconds(30))).isTrue();

        registering.interrupt();

        assertThat(outcome.get(5, java.util.concurrent.TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
        assertThat(reader.tags(BASE + "/hung")).isEmpty();
    }

    @Test
    void movesToTheNextVersionWhenAConcurrentRegistrationOverwritesTheTagItJustPut() throws Exception {
        proxy.plan(FaultPlan.onMatching(ProxiedRequest.matching("PUT", ".*/manifests/1"), 1, 1, Fault.beforeAnswer(manifest -> {
            ObjectNode other = (ObjectNode) new ObjectMapper().readTree(manifest);
            ((ObjectNode) other.path("annotations")).put("io.gputraining.idempotency-key", "the-other-run");
            reader.putManifest(BASE + "/race", "1", new ObjectMapper().writeValueAsBytes(other));
        })));

        RegisteredModel model = throughProxy().register(ModelFixture.publication("race", "k", ModelFixture.threeFiles(dir), null),
                log, ProgressListener.ignoring());

        assertThat(model.version()).isEqualTo("2");
        assertThat(reader.manifest(BASE + "/race", "2").orElseThrow().digest()).isEqualTo(model.digest());
        assertThat(reader.manifest(BASE + "/race", "1").orElseThrow().json().path("annotations")
                .path("io.gputraining.idempotency-key").asText()).isEqualTo("the-other-run");
        assertThat(log.messages()).contains("Version 1 was taken by a concurrent registration; trying 2");
        assertThat(reader.manifest(BASE + "/race", "2").orElseThrow().json().path("annotations")
                .path("io.gputraining.model.version").asText()).isEqualTo("2");
    }

    @Test
    void refusesAPublicationWithAnArtifactWhereTheRunManifestGoes() throws Exception {
        ArtifactFile clash = ModelFixture.write(dir, ModelPublication.MANIFEST_FILE, "{}".getBytes());

        Throwable e = org.assertj.core.api.Assertions.catchThrowable(() -> throughProxy().register(
                ModelFixture.publication("clash", "k", List.of(clash), null), log, ProgressListener.ignoring()));

        assertThat(e).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("an artifact is at run-manifest.json");
        assertThat(proxy.requests()).isEmpty();
    }

    private long blobPuts() {
        return proxy.requests().stream().filter(r -> r.startsWith("PUT ") && r.contains("/blobs/uploads/")).count();
    }
}
