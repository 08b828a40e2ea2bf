package io.gputraining.engine.registry.mlflow;

import io.gputraining.engine.EngineException;

/**
 * MLflow answered a call with an error that asking again will not fix (a 4xx other than 429). Not an
 * {@link java.io.IOException} on purpose: {@link io.gputraining.engine.http.RetryPolicy} retries those.
 */
public class MlflowApiException extends EngineException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String errorCode;

    /**
     * @param call          what was called, e.g. {@code POST /api/2.0/mlflow/runs/create}
     * @param status        the HTTP status
     * @param errorCode     MLflow's {@code error_code} ({@code RESOURCE_DOES_NOT_EXIST}), or empty when the answer
     *                      was not MLflow's JSON (an authenticating proxy, the basic-auth app)
     * @param serverMessage what the server said, shortened
     * @param toDo          what the user can do about it
     */
    public MlflowApiException(String call, int status, String errorCode, String serverMessage, String toDo) {
        super("MLflow answered " + status + (errorCode.isEmpty() ? "" : " " + errorCode) + " to " + call + ": "
                + serverMessage.replaceAll("[.\\s]+$", "") + (toDo.isEmpty() ? "" : ". " + toDo));
        this.status = status;
        this.errorCode = errorCode;
    }

    public int status() {
        return status;
    }

    /** MLflow's {@code error_code}, or empty. */
    public String errorCode() {
        return errorCode;
    }
}
