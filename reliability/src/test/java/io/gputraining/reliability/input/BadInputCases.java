package io.gputraining.reliability.input;

import static io.gputraining.reliability.input.BadInput.of;
import static io.gputraining.reliability.input.TrainArgs.valid;
import static io.gputraining.reliability.input.TrainArgs.validRun;

import io.gputraining.engine.testing.TestEnvironment;
import java.util.List;
import java.util.Map;

/** The bad inputs the suite feeds the CLI, each with the error it must get. */
final class BadInputCases {

    static final int USAGE = 2;
    static final int ENGINE = 200;
    static final int PREFLIGHT = 201;
    static final int TRAINING = 202;
    static final int REGISTRY = 203;

    private static final String NO_SUCH_DIGEST = "@sha256:" + "0".repeat(64);

    private BadInputCases() {
    }

    static List<BadInput> all() {
        String registry = TestEnvironment.registry();
        return List.of(
                of("malformed image reference", f -> valid(f).set("--image", "Not A Ref"), ENGINE, "Invalid image reference"),
                of("unpinned image under --require-pinned", f -> valid(f).set("--image", TestEnvironment.torchTagged())
                        .flag("--require-pinned"), ENGINE, "is not pinned to a digest", "Pin it as " + TestEnvironment.torchTagged() + "@sha256:"),
                of("digest that does not exist", f -> valid(f).set("--image", registry + "/gpu-training/pytorch-test" + NO_SUCH_DIGEST),
                        ENGINE, "was not found", NO_SUCH_DIGEST.substring(1)),
                of("tag that does not exist", f -> valid(f).set("--image", registry + "/gpu-training/pytorch-test:no-such-tag"),
                        ENGINE, "no-such-tag"),
                of("unreachable daemon", f -> valid(f).set("--docker-host", "unix://" + f.root().resolve("no-docker.sock")),
                        ENGINE, "Cannot reach the Docker daemon", "DOCKER_HOST"),
                of("daemon address that is no Docker address", f -> valid(f).set("--docker-host", "http://127.0.0.1:2375"),
                        ENGINE, "is not a docker address", "unix://"),
                of("image without python or torch", f -> valid(f).set("--image", f.smallImage()).remove("--no-preflight")
                        .flag("--allow-cpu-fallback"), PREFLIGHT, "GPU preflight FAIL, so nothing was started",
                        "'python3' could not be run in the image", "Use an image with python3 and PyTorch"),
                of("missing training script", f -> valid(f).command("python3", "no_such_train.py"), TRAINING,
                        "exited with 2", "can't open file", "nothing was registered"),
                of("artifact glob escaping the output directory", f -> valid(f).set("--artifacts", "../../../etc/passwd"), ENGINE,
                        "'..' segment would leave the artifact root"),
                of("absolute artifact glob", f -> valid(f).set("--artifacts", "/etc/passwd"), ENGINE, "it is absolute"),
                of("artifact that links outside the output directory", f -> valid(f).command("python3", "escape.py"), ENGINE,
                        "symbolic link to /etc/passwd").afterTheTraining(),
                of("empty artifact set", f -> valid(f).set("--artifacts", "*.onnx"), ENGINE, "No file under", "'*.onnx'",
                        "model.pt").afterTheTraining(),
                of("unknown registry kind", f -> valid(f).set("--registry", "s3://bucket/models"), ENGINE, "is not understood",
                        "mlflow:URL"),
                of("bad MLflow URL", f -> valid(f).set("--registry", "mlflow:ftp://127.0.0.1/mlflow"), ENGINE,
                        "must be http(s)://host[:port][/path]"),
                of("OCI registry without repository", f -> valid(f).set("--registry", "oci:" + registry), ENGINE, "needs a repository"),
                of("wrong MLflow credentials", f -> valid(f).set("--registry", "mlflow:" + TestEnvironment.mlflowUrl())
                        .set("--registry-user", TestEnvironment.mlflowUser()).set("--registry-password-env", "RELC_PASSWORD"),
                        REGISTRY, "answered 401", "refused user 'admin'; check that user and secret", "Nothing was uploaded or created")
                        .withEnv(f -> Map.of("RELC_PASSWORD", "relc-wrong-password")).afterTheTraining(),
                of("password variable not set", f -> valid(f).set("--registry", "mlflow:" + TestEnvironment.mlflowUrl())
                        .set("--registry-user", "admin").set("--registry-password-env", "RELC_UNSET"), ENGINE,
                        "RELC_UNSET", "is not set"),
                of("model name the local registry rejects", f -> valid(f).set("--model", "../escape"), REGISTRY,
                        "model name '../escape'"),
                of("model name the OCI registry rejects", f -> valid(f).set("--registry", f.ociRegistry()).set("--model", "Bad Name!"),
                        REGISTRY, "cannot name an OCI repository", "e.g. to 'bad-name'"),
                of("alias the OCI registry rejects", f -> valid(f).set("--registry", f.ociRegistry()).set("--alias", "42"),
                        REGISTRY, "looks like a version number"),
                new BadInput("GPU ids that are not on the host", f -> valid(f).set("--gpus", "0,7").toList(), ENGINE,
                        List.of("GPU '7' is not on this agent"),
                        f -> Map.of("PATH", f.gpuHostBin() + ":" + System.getenv("PATH")), false),
                of("negative GPU count", f -> valid(f).set("--gpus", "-2"), ENGINE, "GPU count must be at least 1, was -2"),
                of("empty GPU id", f -> valid(f).set("--gpus", "0,,1"), ENGINE, "GPU id '' is not valid"),
                of("registry token and user at once", f -> valid(f).set("--registry-token-env", "RELC_TOKEN")
                        .set("--registry-user", "admin"), USAGE, "give one of them, not both"),
                of("registry password without user", f -> valid(f).set("--registry-password-env", "RELC_PASSWORD"), USAGE,
                        "needs --registry-user"),
                of("output directory outside the workspace", f -> valid(f).set("--output-dir", "../outside"), ENGINE,
                        "must be a path inside the workspace"),
                of("workspace that does not exist", f -> valid(f).set("--workspace", f.missing().toString()), ENGINE,
                        "is not a directory on this agent"),
                of("memory limit that is no size", f -> valid(f).set("--memory", "lots"), ENGINE, "is not a size", "512m"),
                of("memory limit below Docker's minimum", f -> valid(f).set("--memory", "1m"), ENGINE, "at least 6m"),
                of("negative timeout", f -> valid(f).set("--timeout-minutes", "-1"), ENGINE, "must not be negative"),
                of("environment variable passed by name but not set", f -> valid(f).add("-e", "RELC_NOT_SET"), ENGINE,
                        "RELC_NOT_SET of this environment, but it is not set here", "-e RELC_NOT_SET=VALUE"),
                of("environment entry without name", f -> valid(f).add("-e", "=value"), ENGINE, "has no variable name"),
                of("environment name no shell can export", f -> valid(f).add("-e", "NOT.A.NAME=x"), ENGINE,
                        "'NOT.A.NAME' cannot be passed"),
                of("unknown option", f -> valid(f).flag("--no-such-option"), USAGE, "Unknown option: '--no-such-option'"),
                of("bridge network for run", f -> validRun(f).set("--network", "bridge"), ENGINE, "'bridge' is not allowed"));
    }
}
