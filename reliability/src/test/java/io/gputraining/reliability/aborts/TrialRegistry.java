package io.gputraining.reliability.aborts;

import io.gputraining.engine.image.RegistryAuth;
import io.gputraining.engine.registry.ModelRegistries;
import io.gputraining.engine.registry.ModelRegistry;
import io.gputraining.engine.registry.ModelRegistryConfig;
import io.gputraining.engine.testing.TestEnvironment;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where a trial's training registers its model, and how the audit reads it back: the local registry in the
 * trial's directory, the test OCI registry (a repository of the trial's own), or the MLflow server (a model
 * of the trial's own). Remote trials write smaller checkpoints: what they register stays on shared servers.
 */
enum TrialRegistry {
    LOCAL("local", 32), OCI("oci", 8), MLFLOW("mlflow", 8);

    private static final String OCI_BASE = "gt-aborts";
    private static final String PASSWORD_VARIABLE = "GT_ABORTS_MLFLOW_PASSWORD";

    private final String label;
    private final int checkpointMiB;

    TrialRegistry(String label, int checkpointMiB) {
        this.label = label;
        this.checkpointMiB = checkpointMiB;
    }

    String label() {
        return label;
    }

    /** How big the checkpoint the training writes is, in MiB (it makes hashing and uploading take a while). */
    int checkpointMiB() {
        return checkpointMiB;
    }

    static String modelName(TrialSite site) {
        return "abort-" + site.id();
    }

    /** The CLI's registry options. */
    List<String> cliArgs(TrialSite site) {
        List<String> args = new ArrayList<>(List.of("--registry", location(site)));
        if (this == MLFLOW) {
            args.addAll(List.of("--registry-user", TestEnvironment.mlflowUser(), "--registry-password-env", PASSWORD_VARIABLE));
        }
        return args;
    }

    /** The CLI's environment for them: the MLflow password, by the variable the options name. */
    Map<String, String> cliEnvironment() {
        return this == MLFLOW ? Map.of(PASSWORD_VARIABLE, TestEnvironment.mlflowPassword()) : Map.of();
    }

    /** The registry, for a flow in this JVM. */
    ModelRegistry open(TrialSite site) {
        RegistryAuth auth = this == MLFLOW ? RegistryAuth.usernamePassword(TestEnvironment.mlflowUser(), TestEnvironment.mlflowPassword()) : null;
        return ModelRegistries.open(ModelRegistryConfig.parse(location(site), auth));
    }

    /** What the registry holds of the trial's model, read back by the audit's own means. */
    RegistryAudit audit(TrialSite site) throws IOException, InterruptedException {
        return switch (this) {
            case LOCAL -> LocalRegistryAudit.of(site.registry());
            case OCI -> OciRegistryAudit.of(TestEnvironment.registry(), OCI_BASE + "/" + modelName(site));
            case MLFLOW -> MlflowRegistryAudit.of(TestEnvironment.mlflowUrl(), TestEnvironment.mlflowUser(),
                    TestEnvironment.mlflowPassword(), modelName(site));
        };
    }

    private String location(TrialSite site) {
        return switch (this) {
            case LOCAL -> "local:" + site.registry();
            case OCI -> "oci:" + TestEnvironment.registry() + "/" + OCI_BASE;
            case MLFLOW -> "mlflow:" + TestEnvironment.mlflowUrl();
        };
    }
}
