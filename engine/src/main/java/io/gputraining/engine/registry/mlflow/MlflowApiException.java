package io.gputraining.engine.registry.mlflow;

import io.gputraining.engine.EngineException;
import io.gputraining.engine.image.RegistryAuth;

/** MLflow refused a call (4xx): its error code and message, and what to check. Never the secret. */
public class MlflowApiException extends EngineException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String errorCode;

    MlflowApiException(String what, int status, String errorCode, String said, RegistryAuth auth) {
        super("MLflow refused " + what + " (" + status + said + ")" + hint(status, auth));
        this.status = status;
        this.errorCode = errorCode;
    }

    private static String hint(int status, RegistryAuth auth) {
        if (status == 401 || status == 403) {
            return auth == null ? ". The server wants credentials: configure them for this registry."
                    : ". Check the credentials (" + auth.describe() + ") and their permissions on the server.";
        }
        return ".";
    }

    public int status() {
        return status;
    }

    public String errorCode() {
        return errorCode;
    }
}
