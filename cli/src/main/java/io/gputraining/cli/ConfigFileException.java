package io.gputraining.cli;

/** The configuration file cannot be used; the message says which file and what to do. A usage error (exit 2). */
final class ConfigFileException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    ConfigFileException(String message) {
        super(message);
    }
}
