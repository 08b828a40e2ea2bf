package io.gputraining.reliability.aborts;

import io.gputraining.reliability.DirectHttp;
import io.gputraining.reliability.Sha256;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads one model repository of an OCI registry back through the distribution API: every tag's manifest,
 * and every blob it names (config and layers) downloaded and hashed against the digest and size the manifest
 * claims. Version tags ({@code 1}, {@code 2}, …) whose blobs all check out are complete versions; a tag whose
 * manifest names a missing or different blob, or an idempotency tag ({@code idem-…}) naming a manifest no
 * version tag names, is a half-registered version.
 */
final class OciRegistryAudit {

    private static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";

    private OciRegistryAudit() {
    }

    static RegistryAudit of(String hostPort, String repository) throws IOException, InterruptedException {
        DirectHttp http = new DirectHttp("http://" + hostPort, null);
        Optional<JsonNode> tagList = http.foundJson("/v2/" + repository + "/tags/list", null);
        List<String> problems = new ArrayList<>();
        Set<String> versionDigests = new HashSet<>();
        List<String> idempotencyDigests = new ArrayList<>();
        int versions = 0;
        for (JsonNode t : tagList.map(j -> j.path("tags")).orElseGet(MissingNode::getInstance)) {
            String tag = t.asText();
            Optional<DirectHttp.Answer> got = http.found("/v2/" + repository + "/manifests/" + tag, OCI_MANIFEST);
            if (got.isEmpty()) {
                problems.add("tag " + tag + " of " + repository + " is listed but its manifest is gone");
                continue;
            }
            String digest = "sha256:" + Sha256.of(got.get().body()).hex();
            List<String> wrong = blobs(http, repository, got.get().json());
            if (!wrong.isEmpty()) {
                problems.add("tag " + tag + " of " + repository + ": " + String.join("; ", wrong));
            } else if (tag.matches("[1-9][0-9]*")) {
                versions++;
                versionDigests.add(digest);
            } else if (tag.startsWith("idem-")) {
                idempotencyDigests.add(tag + "=" + digest);
            }
        }
        for (String idem : idempotencyDigests) {
            if (!versionDigests.contains(idem.substring(idem.indexOf('=') + 1))) {
                problems.add("idempotency tag " + idem + " names a manifest that no version tag names");
            }
        }
        return new RegistryAudit(versions, problems);
    }

    private static List<String> blobs(DirectHttp http, String repository, JsonNode manifest) throws IOException, InterruptedException {
        List<JsonNode> descriptors = new ArrayList<>();
        descriptors.add(manifest.path("config"));
        manifest.path("layers").forEach(descriptors::add);
        List<String> wrong = new ArrayList<>();
        for (JsonNode d : descriptors) {
            String digest = d.path("digest").asText();
            Optional<Sha256> got = http.foundContent("/v2/" + repository + "/blobs/" + digest);
            if (got.isEmpty()) {
                wrong.add("blob " + digest + " is missing");
            } else if (!("sha256:" + got.get().hex()).equals(digest) || got.get().size() != d.path("size").asLong()) {
                wrong.add("blob " + digest + " came as " + got.get().size() + " bytes with sha256 " + got.get().hex());
            }
        }
        if (manifest.path("layers").isEmpty()) {
            wrong.add("the manifest names no files");
        }
        return wrong;
    }
}
