package io.gputraining.reliability.aborts;

import io.gputraining.engine.preflight.host.NvidiaSmiStandIn;
import io.gputraining.engine.runtime.LocalProcessLedger;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The directories of one trial, fresh each time so that what a trial leaves is its own: the workspace with
 * the training scripts, the model registry, the GPU lock directory, and the {@code nvidia-smi} stand-in
 * replaying the real capture of a 2×H200 host (there is no GPU here), whose two GPUs the leases are taken of.
 */
final class TrialSite implements AutoCloseable {

    private final Path root;
    private final String id = UUID.randomUUID().toString().substring(0, 8);

    private TrialSite(Path root) {
        this.root = root;
    }

    static TrialSite create(Path parent) {
        try {
            Path root = Files.createTempDirectory(parent, "abort-");
            TrialSite site = new TrialSite(root);
            Files.createDirectories(site.workspace());
            Files.createDirectories(site.javaTmp());
            // The container runs as the calling user, other users' runs as theirs: the workspace must be enterable.
            Files.setPosixFilePermissions(site.workspace(), PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.copy(exampleTraining(), site.workspace().resolve("train.py"));
            try (InputStream script = TrialSite.class.getResourceAsStream("/aborts/train_stdlib.py")) {
                Files.copy(script, site.workspace().resolve("train_stdlib.py"));
            }
            NvidiaSmiStandIn.install(root.resolve("nvidia-smi"), NvidiaSmiStandIn.H200X2, "query-gpu.csv", "compute-apps-idle.csv");
            return site;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare a trial directory under " + parent, e);
        }
    }

    /** Short, unique: names the trial's model and owner. */
    String id() {
        return id;
    }

    Path workspace() {
        return root.resolve("ws");
    }

    Path registry() {
        return root.resolve("registry");
    }

    Path gpuLocks() {
        return root.resolve("locks");
    }

    /** The CLI's {@code java.io.tmpdir}, so that the local runtime notes its processes where only this trial sweeps. */
    Path javaTmp() {
        return root.resolve("tmp");
    }

    /** Where the local runtime of this trial notes its processes: the default directory under {@link #javaTmp()}. */
    LocalProcessLedger processLedger() {
        return new LocalProcessLedger(javaTmp().resolve(LocalProcessLedger.defaultDirectory().getFileName()));
    }

    /** {@code PATH} with the stand-in first, as the CLI's environment. */
    Map<String, String> environmentWithGpus() {
        return Map.of("PATH", standInBin() + ":" + System.getenv("PATH"));
    }

    Path standInBin() {
        return root.resolve("nvidia-smi/bin");
    }

    private static Path exampleTraining() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("examples/train.py"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("examples/train.py not found above " + Path.of("").toAbsolutePath());
        }
        return dir.resolve("examples/train.py");
    }

    @Override
    public void close() throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
