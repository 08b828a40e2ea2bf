package io.gputraining.cli;

import io.gputraining.engine.registry.ModelRegistryConfig;
import io.gputraining.engine.registry.mlflow.MlflowSettings;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code --mlflow-verify}: how an MLflow registry checks the uploaded files (docs/registries.md weighs the modes). */
final class UploadVerificationOption {

    @Option(names = "--mlflow-verify", paramLabel = "MODE", description = "How MLflow uploads are checked: size (the"
            + " server's listed sizes; default) or read-back (download every file again and compare its sha256)."
            + " Both compare the sha256 of the bytes sent with the recorded one.")
    String mode;

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    /** {@code config} with the chosen verification; as it is (the engine's default) when none was chosen. */
    ModelRegistryConfig applyTo(ModelRegistryConfig config) {
        if (mode == null || mode.isBlank()) {
            return config;
        }
        try {
            return config.withMlflowVerification(MlflowSettings.Verification.parse(mode));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
