package io.gputraining.engine.image;

/** The registry answered with a status or content the distribution API does not lead us to expect. */
public class RegistryResponseException extends RegistryException {
    private static final long serialVersionUID = 1L;

    private final int status;

    /**
     * @param request what was asked ({@code GET https://…/v2/…/manifests/…})
     * @param status  the HTTP status, or -1 when the status was fine but the content was not
     * @param what    what was wrong, with the registry's error summary when it sent one
     * @param toDo    what the user can do
     */
    public RegistryResponseException(String request, int status, String what, String toDo) {
        super("Registry answered " + request + (status >= 0 ? " with status " + status : "") + ": " + what + ". " + toDo);
        this.status = status;
    }

    /** The HTTP status, or -1 when the content, not the status, was wrong. */
    public int status() {
        return status;
    }
}
