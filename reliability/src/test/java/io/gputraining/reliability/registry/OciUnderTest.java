package io.gputraining.reliability.registry;

import io.gputraining.reliability.DirectHttp;

import com.fasterxml.jackson.databind.JsonNode;
import io.gputraining.engine.artifacts.ArtifactFile;
import io.gputraining.engine.registry.ModelPublication;
import io.gputraining.engine.registry.ModelRegistry;
import io.gputraining.engine.registry.ModelRegistryException;
import io.gputraining.engine.registry.RegisteredModel;
import io.gputraining.engine.registry.oci.OciMediaTypes;
import io.gputraining.engine.registry.oci.OciModelRegistry;
import io.gputraining.engine.testing.FaultProxy;
import io.gputraining.engine.testing.TestEnvironment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The real OCI registry of the test environment. A registered version is judged by the registry itself:
 * its tags are exactly the version, its idempotency tag and the alias, all naming the returned manifest, and
 * every blob the manifest lists (the config and one layer per file) downloads with its digest and size, the
 * layers' being the source files'. A failure must leave no tag at all in the model's repository.
 */
final class OciUnderTest implements RegistryUnderTest {

    static final String BASE = "reliability/registry-faults";

    private final String registry = TestEnvironment.registry();
    private final DirectHttp server = new DirectHttp("http://" + registry, null);

    @Override
    public String name() {
        return "oci";
    }

    @Override
    public String upstream() {
        return registry;
    }

    @Override
    public void prepare() {
        // Every trial has a repository of its own: nothing to prepare.
    }

    @Override
    public ModelRegistry through(FaultProxy proxy) {
        return OciModelRegistry.builder(proxy.hostPort(), BASE).retryPolicy(RETRY).requestTimeout(REQUEST_TIMEOUT)
                .connectTimeout(REQUEST_TIMEOUT).build();
    }

    @Override
    public ModelRegistry direct() {
        return OciModelRegistry.builder(registry, BASE).build();
    }

    @Override
    public boolean holdsVersion(ModelPublication publication) throws Exception {
        return tags(BASE + "/" + publication.modelName()).stream().anyMatch(t -> t.matches("[1-9][0-9]*"));
    }

    @Override
    public List<String> checkRegistered(ModelPublication publication, RegisteredModel model) throws Exception {
        List<String> problems = new ArrayList<>();
        String repository = BASE + "/" + publication.modelName();
        Set<String> expectedTags = new TreeSet<>(List.of(model.version(), idempotencyTag(publication.idempotencyKey())));
        if (publication.alias() != null) {
            expectedTags.add(publication.alias());
        }
        Set<String> tags = new TreeSet<>(tags(repository));
        if (!tags.equals(expectedTags)) {
            problems.add("the repository has tags " + tags + ", expected " + expectedTags);
        }
        for (String tag : expectedTags) {
            DirectHttp.Answer manifest = server.get("/v2/" + repository + "/manifests/" + tag, OciMediaTypes.MANIFEST);
            String digest = "sha256:" + TrialPublication.sha256(manifest.body());
            if (manifest.status() != 200 || !digest.equals(model.digest()) || !manifest.header("Docker-Content-Digest").equals(digest)) {
                problems.add("tag " + tag + " answers " + manifest.status() + " with manifest " + digest + " (registry says "
                        + manifest.header("Docker-Content-Digest") + "), not the returned " + model.digest());
            } else if (tag.equals(model.version())) {
                checkBlobs(problems, repository, publication, manifest.json());
            }
        }
        return problems;
    }

    private void checkBlobs(List<String> problems, String repository, ModelPublication publication, JsonNode manifest)
            throws Exception {
        String key = manifest.path("annotations").path("io.gputraining.idempotency-key").asText();
        if (!key.equals(publication.idempotencyKey())) {
            problems.add("the manifest's idempotency key is '" + key + "'");
        }
        checkBlob(problems, repository, "config", manifest.path("config"));
        Map<String, JsonNode> layers = new LinkedHashMap<>();
        manifest.path("layers").forEach(l -> layers.put(l.path("annotations").path(OciMediaTypes.TITLE_ANNOTATION).asText(), l));
        Map<String, String[]> expected = new LinkedHashMap<>();
        for (ArtifactFile file : publication.artifacts()) {
            expected.put(file.path(), new String[] {file.digest(), Long.toString(file.size())});
        }
        expected.put(ModelPublication.MANIFEST_FILE, new String[] {"sha256:" + TrialPublication.sha256(publication.runManifest()),
                Integer.toString(publication.runManifest().length)});
        if (!layers.keySet().equals(expected.keySet())) {
            problems.add("the manifest's layers are " + layers.keySet() + ", expected " + expected.keySet());
        }
        for (Map.Entry<String, String[]> file : expected.entrySet()) {
            JsonNode layer = layers.get(file.getKey());
            if (layer == null) {
                continue;
            }
            if (!layer.path("digest").asText().equals(file.getValue()[0]) || layer.path("size").asLong() != Long.parseLong(file.getValue()[1])) {
                problems.add("layer " + file.getKey() + " is " + layer.path("digest").asText() + " (" + layer.path("size").asLong()
                        + " bytes), the source " + file.getValue()[0] + " (" + file.getValue()[1] + " bytes)");
            }
            checkBlob(problems, repository, file.getKey(), layer);
        }
    }

    private void checkBlob(List<String> problems, String repository, String name, JsonNode descriptor) throws Exception {
        String digest = descriptor.path("digest").asText();
        DirectHttp.Content content = server.content("/v2/" + repository + "/blobs/" + digest);
        if (content.status() != 200 || !("sha256:" + content.sha256()).equals(digest) || content.size() != descriptor.path("size").asLong()) {
            problems.add("blob " + name + " " + digest + " downloads as " + content.status() + ", " + content.size()
                    + " bytes, sha256:" + content.sha256() + "; the manifest says " + descriptor.path("size").asLong() + " bytes");
        }
    }

    @Override
    public List<String> checkNothingRegistered(ModelPublication publication, ModelRegistryException failure, FaultProxy proxy)
            throws Exception {
        List<String> problems = new ArrayList<>();
        String message = failure.getMessage();
        if (!message.contains(proxy.hostPort() + "/" + BASE + "/" + publication.modelName())) {
            problems.add("the message does not name the repository: " + message);
        }
        if (!RegistryUnderTest.advises(message)) {
            problems.add("the message does not say what to do: " + message);
        }
        if (!message.contains("No version was created") && !message.contains("Nothing was uploaded or created")) {
            problems.add("the message does not say that no version was created: " + message);
        }
        List<String> tags = tags(BASE + "/" + publication.modelName());
        if (!tags.isEmpty()) {
            problems.add("the repository has tags " + tags + " after the failure");
        }
        return problems;
    }

    @Override
    public void cleanUp(ModelPublication publication) {
        // Blobs go only by the registry's garbage collection; the trial's few MiB stay until then.
    }

    private List<String> tags(String repository) throws Exception {
        DirectHttp.Answer answer = server.get("/v2/" + repository + "/tags/list", null);
        List<String> tags = new ArrayList<>();
        if (answer.status() == 200) {
            answer.json().path("tags").forEach(t -> tags.add(t.asText()));
        } else if (answer.status() != 404) {
            throw new IllegalStateException("GET tags of " + repository + " answered " + answer.status());
        }
        return tags;
    }

    /** The engine's idempotency tag, computed here from its documented form: {@code idem-} and 16 hex of sha256(key). */
    private static String idempotencyTag(String key) {
        return "idem-" + TrialPublication.sha256(key.getBytes(StandardCharsets.UTF_8)).substring(0, 16);
    }
}
