package io.gputraining.engine.registry;

import io.gputraining.engine.EngineException;
import io.gputraining.engine.image.RegistryAuth;
import io.gputraining.engine.registry.mlflow.MlflowSettings;
import java.io.Serializable;
import java.util.Locale;
import java.util.Objects;

/**
 * Which model registry to use, as a value the Jenkins controller can send to the agent: the kind, where it
 * is, and the credentials (filled on the controller from Jenkins credentials; masked in {@link #toString()}).
 *
 * @param kind               local, mlflow or oci
 * @param location           a directory (local), the tracking server's URL (mlflow), {@code host[:port]/base/repository} (oci)
 * @param auth               credentials, or null for none
 * @param mlflowVerification how an MLflow registry checks its uploads; local and OCI registries check every
 *                           file's digest as they store it and ignore it
 */
public record ModelRegistryConfig(Kind kind, String location, RegistryAuth auth,
                                  MlflowSettings.Verification mlflowVerification) implements Serializable {

    /** The kinds of model registry. */
    public enum Kind { LOCAL, MLFLOW, OCI }

    public ModelRegistryConfig {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(mlflowVerification, "mlflowVerification");
        if (location == null || location.isBlank()) {
            throw new EngineException("The " + kind.name().toLowerCase(Locale.ROOT) + " model registry needs a location: "
                    + switch (kind) {
                        case LOCAL -> "a directory";
                        case MLFLOW -> "the tracking server's URL, e.g. http://mlflow.example:5000";
                        case OCI -> "host[:port]/repository, e.g. registry.example/ml/models";
                    } + ".");
        }
    }

    /** A registry with the default upload verification ({@link MlflowSettings#DEFAULT_VERIFICATION}). */
    public ModelRegistryConfig(Kind kind, String location, RegistryAuth auth) {
        this(kind, location, auth, MlflowSettings.DEFAULT_VERIFICATION);
    }

    /** The same registry, with MLflow uploads verified as {@code verification} says. */
    public ModelRegistryConfig withMlflowVerification(MlflowSettings.Verification verification) {
        return new ModelRegistryConfig(kind, location, auth, verification);
    }

    /**
     * Parses {@code local:/var/lib/models}, {@code mlflow:http://host:5000} or {@code oci:host:5000/ml/models};
     * a bare path means local.
     */
    public static ModelRegistryConfig parse(String text, RegistryAuth auth) {
        String t = text == null ? "" : text.strip();
        int colon = t.indexOf(':');
        String prefix = colon > 0 ? t.substring(0, colon).toLowerCase(Locale.ROOT) : "";
        return switch (prefix) {
            case "local" -> new ModelRegistryConfig(Kind.LOCAL, t.substring(colon + 1), auth);
            case "mlflow" -> new ModelRegistryConfig(Kind.MLFLOW, t.substring(colon + 1), auth);
            case "oci" -> new ModelRegistryConfig(Kind.OCI, t.substring(colon + 1), auth);
            default -> {
                if (t.startsWith("/") || t.startsWith(".")) {
                    yield new ModelRegistryConfig(Kind.LOCAL, t, auth);
                }
                throw new EngineException("Model registry '" + text + "' is not understood: write local:DIR, mlflow:URL or"
                        + " oci:HOST/REPOSITORY.");
            }
        };
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(Locale.ROOT) + ":" + location + (auth == null ? "" : " (" + auth.describe() + ")")
                + (kind == Kind.MLFLOW && mlflowVerification != MlflowSettings.DEFAULT_VERIFICATION
                ? " [verify " + mlflowVerification.label() + "]" : "");
    }
}
