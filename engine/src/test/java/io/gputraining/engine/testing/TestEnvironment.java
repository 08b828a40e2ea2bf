package io.gputraining.engine.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * The one place tests read the real components that {@code scripts/testenv-up} provisions: the Docker
 * daemon, the local registry and the test images in it.
 *
 * <p>Each value comes from its environment variable ({@code scripts/test} sources {@code .testenv/env}),
 * else from {@code .testenv/env} found by walking up from the working directory, so a test started from an
 * IDE finds it too. When a component is missing, the calling test does not pass silently: under
 * {@code CI=true} it fails (CI provisions everything, so a gap there is a bug); elsewhere it is aborted
 * and reported as skipped, with the reason and the command that provisions the component.
 */
public final class TestEnvironment {

    /** The command that provisions every component, named in the message of a missing one. */
    public static final String PROVISION_COMMAND = "scripts/testenv-up";

    private TestEnvironment() {
    }

    /** The PyTorch test image pinned by digest: {@code 127.0.0.1:PORT/gpu-training/pytorch-test@sha256:…}. */
    public static String torchImage() {
        return require("GT_TEST_TORCH_IMAGE", "the PyTorch test image pinned by digest");
    }

    /** The same PyTorch image by tag: {@code 127.0.0.1:PORT/gpu-training/pytorch-test:<recipe hash>}. */
    public static String torchTagged() {
        return require("GT_TEST_TORCH_TAGGED", "the PyTorch test image by tag");
    }

    /** The small busybox image pinned by digest: {@code 127.0.0.1:PORT/gpu-training/busybox-test@sha256:…}. */
    public static String smallImage() {
        return require("GT_TEST_SMALL_IMAGE", "the small busybox test image pinned by digest");
    }

    /** The same busybox image by tag: {@code 127.0.0.1:PORT/gpu-training/busybox-test:<recipe hash>}. */
    public static String smallTagged() {
        return require("GT_TEST_SMALL_TAGGED", "the small busybox test image by tag");
    }

    /** The local registry as {@code 127.0.0.1:PORT}; it speaks plain HTTP, which Docker allows on loopback. */
    public static String registry() {
        return require("GT_TEST_REGISTRY", "the local test registry");
    }

    /** The directory where the local registry stores its data (filesystem driver). */
    public static String registryDataDir() {
        return require("GT_TEST_REGISTRY_DATA", "the local test registry's storage directory");
    }

    /** The Docker daemon the tests use, as a {@code DOCKER_HOST} URI such as {@code unix:///var/run/docker.sock}. */
    /** The MLflow tracking server's URL, e.g. {@code http://127.0.0.1:45200}. */
    public static String mlflowUrl() {
        return require("GT_TEST_MLFLOW_URL", "the MLflow tracking server");
    }

    public static String dockerHost() {
        return require("DOCKER_HOST", "the Docker daemon");
    }

    /**
     * Fails (under {@code CI=true}) or aborts the calling test when a component it needs from the machine,
     * such as a binary, is missing.
     */
    public static void requirePresent(boolean present, String what) {
        if (present) {
            return;
        }
        String message = "Missing test prerequisite: " + what + ". Run " + PROVISION_COMMAND + " to provision it.";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(message + " CI=true: every test component must be provisioned.");
        }
        Assumptions.abort(message);
    }

    private static String require(String variable, String description) {
        return require(variable, description, System.getenv(), Path.of(""));
    }

    /**
     * The value of {@code variable} from {@code environment}, else from the env file above
     * {@code workingDirectory}; fails or aborts the calling test when neither has it.
     */
    static String require(String variable, String description, Map<String, String> environment,
                          Path workingDirectory) {
        Optional<String> fromEnvironment = Optional.ofNullable(environment.get(variable)).filter(v -> !v.isEmpty());
        if (fromEnvironment.isPresent()) {
            return fromEnvironment.get();
        }
        Optional<Path> envFile = EnvFile.locate(workingDirectory);
        Optional<String> fromFile = envFile.map(EnvFile::read).flatMap(file -> file.value(variable));
        if (fromFile.isPresent()) {
            return fromFile.get();
        }
        String where = envFile
                .map(path -> "not in the environment, nor in " + path)
                .orElse("not in the environment, and no " + EnvFile.RELATIVE_PATH + " in "
                        + workingDirectory.toAbsolutePath().normalize() + " or above");
        String message = "Missing " + description + " (" + variable + "): " + where + ". Run "
                + PROVISION_COMMAND + " (or scripts/test, which runs it) to provision it.";
        if ("true".equalsIgnoreCase(environment.get("CI"))) {
            return fail(message + " CI=true: every test component must be provisioned.");
        }
        return Assumptions.abort(message);
    }
}
