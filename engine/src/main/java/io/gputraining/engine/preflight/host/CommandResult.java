package io.gputraining.engine.preflight.host;

import java.io.Serializable;
import java.util.List;

/**
 * How a finished command ended.
 *
 * @param command  the argv run
 * @param exitCode its exit status
 * @param stdout   what it wrote to standard output (UTF-8, malformed bytes replaced)
 * @param stderr   what it wrote to standard error
 */
public record CommandResult(List<String> command, int exitCode, String stdout, String stderr) implements Serializable {

    public CommandResult {
        command = List.copyOf(command);
    }

    public boolean succeeded() {
        return exitCode == 0;
    }
}
