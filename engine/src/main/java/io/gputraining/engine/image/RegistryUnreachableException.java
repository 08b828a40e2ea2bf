package io.gputraining.engine.image;

/** No HTTP answer came from the registry: connection refused, name not resolved, TLS failure, timeout. */
public class RegistryUnreachableException extends RegistryException {
    private static final long serialVersionUID = 1L;

    private final String hostPort;

    /**
     * @param hostPort where the connection went ({@code registry-1.docker.io:443})
     * @param what     what failed, in words
     * @param toDo     what the user can check
     * @param cause    the transport's exception
     */
    public RegistryUnreachableException(String hostPort, String what, String toDo, Throwable cause) {
        super("Registry at " + hostPort + " is unreachable: " + what + ". " + toDo, cause);
        this.hostPort = hostPort;
    }

    public String hostPort() {
        return hostPort;
    }
}
