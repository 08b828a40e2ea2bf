package io.gputraining.reliability.input;

import io.gputraining.engine.testing.TestEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.UUID;

/**
 * What one bad-input case runs against: a workspace whose {@code train.py} trains successfully, a local
 * registry directory, a model name of its own (so the MLflow server and the OCI registry, shared with other
 * runs, can be checked for exactly that name), a stand-in {@code nvidia-smi} replaying a captured 2-GPU host.
 */
record BadInputFixture(Path root, Path workspace, Path registry, String model, Path gpuHostBin) {

    static final String OCI_BASE = "rel-input";

    static BadInputFixture in(Path root, Path gpuHostBin) throws IOException {
        Path workspace = Files.createDirectories(root.resolve("workspace"));
        Files.setPosixFilePermissions(workspace, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(workspace.resolve("train.py"), "import os\n"
                + "open(os.path.join(os.environ['GPU_TRAINING_OUTPUT_DIR'], 'model.pt'), 'wb').write(b'weights')\n");
        Files.writeString(workspace.resolve("escape.py"), "import os\n"
                + "os.symlink('/etc/passwd', os.path.join(os.environ['GPU_TRAINING_OUTPUT_DIR'], 'model.pt'))\n");
        return new BadInputFixture(root, workspace, root.resolve("registry"),
                "rel-input-" + UUID.randomUUID().toString().substring(0, 8), gpuHostBin);
    }

    String torchImage() {
        return TestEnvironment.torchImage();
    }

    String smallImage() {
        return TestEnvironment.smallImage();
    }

    /** Where this case's model would be in the OCI registry under {@link #OCI_BASE}. */
    String ociRepository() {
        return OCI_BASE + "/" + model;
    }

    String ociRegistry() {
        return "oci:" + TestEnvironment.registry() + "/" + OCI_BASE;
    }

    /** A path that does not exist, for the missing-workspace case; it must still not exist afterwards. */
    Path missing() {
        return root.resolve("no-such-workspace");
    }
}
