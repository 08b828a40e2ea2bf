package io.gputraining.engine.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.AuthConfig;
import com.github.dockerjava.api.model.PushResponseItem;
import io.gputraining.engine.image.RegistryAuth;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * A tiny image with content no other image has, pushed to the test registry and then deleted locally, so
 * that ensuring it really pulls layers over the registry protocol.
 */
final class UniqueImage {

    private UniqueImage() {
    }

    /** Imports, pushes and removes locally an image; returns its pinned reference in {@code registry}. */
    static String pushedAndRemovedLocally(DockerClient docker, String registry, int payloadBytes) throws Exception {
        return pushedAndRemovedLocally(docker, registry, payloadBytes, (AuthConfig) null);
    }

    /** The same, pushing as {@code login} to a registry that requires it. */
    static String pushedAndRemovedLocally(DockerClient docker, String registry, int payloadBytes, RegistryAuth login) throws Exception {
        return pushedAndRemovedLocally(docker, registry, payloadBytes, new AuthConfig().withRegistryAddress(registry)
                .withUsername(login.username()).withPassword(login.secret()));
    }

    /** The same, pushing with {@code auth} (docker-java, so no credentials land in a docker config file). */
    static String pushedAndRemovedLocally(DockerClient docker, String registry, int payloadBytes, AuthConfig auth) throws Exception {
        String repository = registry + "/gpu-training/pull-test";
        String tag = UUID.randomUUID().toString().substring(0, 12);
        String tagged = repository + ":" + tag;
        // The docker CLI for the import: docker-java's import sends the tar in a way dockerd 20.10 cuts short.
        docker("import", rootfs(payloadBytes), "-", tagged);
        if (auth == null) {
            docker("push", null, tagged);
        } else {
            try (ResultCallback.Adapter<PushResponseItem> push = docker.pushImageCmd(repository).withTag(tag)
                    .withAuthConfig(auth).exec(new ResultCallback.Adapter<>())) {
                push.awaitCompletion();
            }
        }
        String digest = docker.inspectImageCmd(tagged).exec().getRepoDigests().stream()
                .filter(d -> d.startsWith(repository + "@"))
                .findFirst().orElseThrow(() -> new IllegalStateException("push recorded no digest for " + tagged));
        docker.removeImageCmd(tagged).withForce(true).exec();
        return tagged + digest.substring(repository.length());
    }

    private static void docker(String verb, byte[] stdin, String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of("docker", verb));
        argv.addAll(List.of(args));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        try (OutputStream in = p.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin);
            }
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", argv) + " failed: " + output);
        }
    }

    /** A rootfs tar with one file of random bytes. */
    private static byte[] rootfs(int payloadBytes) throws IOException {
        byte[] payload = new byte[payloadBytes];
        new java.util.Random().nextBytes(payload);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            TarArchiveEntry entry = new TarArchiveEntry("payload.bin");
            entry.setSize(payload.length);
            tar.putArchiveEntry(entry);
            tar.write(payload);
            tar.closeArchiveEntry();
            TarArchiveEntry marker = new TarArchiveEntry("marker.txt");
            byte[] text = UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8);
            marker.setSize(text.length);
            tar.putArchiveEntry(marker);
            tar.write(text);
            tar.closeArchiveEntry();
        }
        return bytes.toByteArray();
    }
}
