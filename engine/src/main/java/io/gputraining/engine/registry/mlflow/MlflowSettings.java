package io.gputraining.engine.registry.mlflow;

import io.gputraining.engine.http.RetryPolicy;
import io.gputraining.engine.image.RegistryAuth;
import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Where and how to reach an MLflow tracking server. A value, so the Jenkins controller can build it and send it
 * to the agent, which opens the {@link MlflowModelRegistry}.
 *
 * @param trackingUrl    the server's base URL, e.g. {@code http://127.0.0.1:5000} (a path prefix is kept)
 * @param experimentName the experiment runs are logged in; created when missing
 * @param auth           anonymous, user/password (HTTP Basic) or a bearer token (an identity token is refused:
 *                       MLflow has no token exchange)
 * @param retry          how transient failures (5xx, 429, broken connections) are retried
 * @param requestTimeout longest wait for the answer to one API call (uploads and downloads excepted: their
 *                       length depends on the file; they answer thread interrupt instead)
 * @param readyTimeout   longest wait for a new model version to leave PENDING_REGISTRATION
 * @param verification   how each uploaded artifact is checked before a version may refer to it
 */
public record MlflowSettings(URI trackingUrl, String experimentName, RegistryAuth auth, RetryPolicy retry,
                             Duration requestTimeout, Duration readyTimeout, Verification verification)
        implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The experiment used when none is named. */
    public static final String DEFAULT_EXPERIMENT = "gpu-training";

    /**
     * How uploaded artifacts are verified before a version may refer to them. Both modes hash every file's bytes
     * as they are sent and compare that with the digest recorded when the file was selected (the run manifest's),
     * so a file rewritten meanwhile never registers; docs/registries.md weighs the two.
     */
    public enum Verification {
        /**
         * Compare the sizes the server lists with the local files: one list call per directory. Catches a file
         * the server did not store, or stored cut short or too long. The default ({@link #DEFAULT_VERIFICATION}).
         */
        SIZE,
        /**
         * Also download every file back through the proxy and compare its sha256 (streamed, constant memory; a
         * file's read-back overlaps the next file's upload): proves the stored content byte for byte, at the
         * price of reading every byte once more.
         */
        READ_BACK;

        /** Parses {@code size} or {@code read-back} (any case, {@code _} for {@code -}), as users write it. */
        public static Verification parse(String text) {
            String t = text == null ? "" : text.strip().toUpperCase(Locale.ROOT).replace('-', '_');
            for (Verification v : values()) {
                if (v.name().equals(t)) {
                    return v;
                }
            }
            throw new IllegalArgumentException("MLflow upload verification '" + text + "' is not known: write 'size'"
                    + " (the server's listed sizes, the default) or 'read-back' (download every file again and compare its sha256).");
        }

        /** The name users write: {@code size}, {@code read-back}. */
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** The verification a registration uses unless told otherwise. */
    public static final Verification DEFAULT_VERIFICATION = Verification.SIZE;

    public MlflowSettings {
        Objects.requireNonNull(trackingUrl, "trackingUrl");
        Objects.requireNonNull(experimentName, "experimentName");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(readyTimeout, "readyTimeout");
        Objects.requireNonNull(verification, "verification");
        String scheme = trackingUrl.getScheme();
        if (!("http".equals(scheme) || "https".equals(scheme)) || trackingUrl.getHost() == null) {
            throw new IllegalArgumentException("the MLflow tracking URL must be http(s)://host[:port][/path], was '"
                    + trackingUrl + "'");
        }
        if (trackingUrl.getUserInfo() != null || trackingUrl.getQuery() != null) {
            throw new IllegalArgumentException("the MLflow tracking URL must not carry credentials or a query;"
                    + " give credentials as RegistryAuth");
        }
        if (auth.kind() == RegistryAuth.Kind.IDENTITY_TOKEN) {
            throw new IllegalArgumentException("MLflow takes a user and password or a bearer token, not an identity token");
        }
        if (experimentName.isBlank()) {
            throw new IllegalArgumentException("the experiment name must not be blank");
        }
        String path = trackingUrl.getPath() == null ? "" : trackingUrl.getPath().replaceAll("/+$", "");
        trackingUrl = URI.create(scheme + "://" + trackingUrl.getRawAuthority() + path);
    }

    /**
     * Experiment {@value #DEFAULT_EXPERIMENT}, default retries, 60 s per call, 5 min until READY,
     * {@link #DEFAULT_VERIFICATION}.
     */
    public static MlflowSettings of(String trackingUrl, RegistryAuth auth) {
        return new MlflowSettings(URI.create(trackingUrl), DEFAULT_EXPERIMENT, auth, RetryPolicy.defaults(),
                Duration.ofSeconds(60), Duration.ofMinutes(5), DEFAULT_VERIFICATION);
    }

    public MlflowSettings withExperiment(String name) {
        return new MlflowSettings(trackingUrl, name, auth, retry, requestTimeout, readyTimeout, verification);
    }

    public MlflowSettings withRetry(RetryPolicy policy) {
        return new MlflowSettings(trackingUrl, experimentName, auth, policy, requestTimeout, readyTimeout, verification);
    }

    public MlflowSettings withTimeouts(Duration request, Duration ready) {
        return new MlflowSettings(trackingUrl, experimentName, auth, retry, request, ready, verification);
    }

    public MlflowSettings withVerification(Verification check) {
        return new MlflowSettings(trackingUrl, experimentName, auth, retry, requestTimeout, readyTimeout, check);
    }
}
