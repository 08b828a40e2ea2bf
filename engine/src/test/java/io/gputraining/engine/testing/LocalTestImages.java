package io.gputraining.engine.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Images that exist only in the test daemon, made the way users make them: {@code docker build} of a small
 * Dockerfile, and {@code docker save} then {@code docker load} under a new name. Each is labelled
 * {@value #LABEL}, named under {@value #NAMESPACE} with a random tag, and removed after the class
 * ({@code @RegisterExtension static final LocalTestImages IMAGES}): the daemon is shared.
 */
public final class LocalTestImages implements AfterAllCallback {

    /** The label on every image made here; its value is the run's random id. */
    public static final String LABEL = "io.gputraining.test.local-image";
    /** The repository prefix of every name made here (Docker Hub's namespace, where no registry answers here). */
    public static final String NAMESPACE = "gpu-training-localimg-test";

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private Path workDir;

    /** An image built here from {@code base}, one layer of its own (a unique marker file); returns its image ID. */
    public String build(String base, String name) throws IOException, InterruptedException {
        Path context = workDir().resolve("build-" + UUID.randomUUID());
        Files.createDirectories(context);
        Files.writeString(context.resolve("marker.txt"), UUID.randomUUID() + "\n");
        Files.writeString(context.resolve("Dockerfile"), "FROM " + base + "\nCOPY marker.txt /gpu-training-marker.txt\n"
                + "LABEL " + LABEL + "=" + run + "\n");
        // No RUN step: nothing runs during the build, so no network is needed (the bridge is off limits).
        return docker("build", "--quiet", "--network", "none", "--tag", name, context.toString()).strip();
    }

    /**
     * An image that arrives by {@code docker load}: built from {@code base} under a scratch name, tagged {@code name},
     * saved to a tar, removed from the daemon, and loaded back from the tar. Returns its image ID.
     */
    public String loaded(String base, String name) throws IOException, InterruptedException {
        String scratch = name(base.contains("busybox") ? "scratch-small" : "scratch");
        String id = build(base, scratch);
        docker("tag", id, name);
        Path tar = workDir().resolve("saved-" + UUID.randomUUID() + ".tar");
        docker("save", "--output", tar.toString(), name);
        docker("rmi", scratch, name); // its last two names: the image is gone from the daemon
        String out = docker("load", "--input", tar.toString());
        Files.delete(tar);
        if (!out.contains(name)) {
            throw new IllegalStateException("docker load did not name " + name + ": " + out);
        }
        return id;
    }

    /** Another name for an image made here. */
    public void tag(String imageId, String name) throws IOException, InterruptedException {
        docker("tag", imageId, name);
    }

    /** {@code NAMESPACE/what:<random>}: a name on Docker Hub, which no test registry answers for. */
    public String name(String what) {
        return NAMESPACE + "/" + what + ":" + uniqueTag();
    }

    /** A tag no other image has: this run's id and a random suffix. */
    public String uniqueTag() {
        return run + "-" + UUID.randomUUID().toString().substring(0, 6);
    }

    /**
     * {@code <test registry>/gpu-training/localimg-what:<random>}: a name in the test registry, which answers that it
     * has no such tag (until something is pushed there).
     */
    public String inTestRegistry(String what) {
        return TestEnvironment.registry() + "/gpu-training/localimg-" + what + ":" + uniqueTag();
    }

    /** Removes an image made here now (to see what a daemon without it does). */
    public void remove(String imageId) throws IOException, InterruptedException {
        docker("rmi", "--force", imageId);
    }

    /** {@code docker ARGS…} against the test daemon, with an empty config (no logins of the machine's). */
    public String docker(String... args) throws IOException, InterruptedException {
        return DockerCli.run(workDir().resolve("docker-config"), null, args);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        String ours = docker("images", "--quiet", "--no-trunc", "--filter", "label=" + LABEL + "=" + run);
        for (String id : ours.lines().map(String::strip).filter(l -> !l.isEmpty()).distinct().toList()) {
            docker("rmi", "--force", id);
        }
        if (workDir != null) {
            try (Stream<Path> files = Files.walk(workDir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private Path workDir() throws IOException {
        if (workDir == null) {
            workDir = Files.createTempDirectory("gpu-training-local-images");
            Files.createDirectories(workDir.resolve("docker-config"));
            Files.writeString(workDir.resolve("docker-config/config.json"), "{}", StandardCharsets.UTF_8);
        }
        return workDir;
    }
}
