package io.gputraining.engine.runtime;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * One command to run in a started {@link ContainerSession}, like {@code docker exec}.
 *
 * @param command    argv
 * @param env        extra environment for this command (values never logged)
 * @param workingDir working directory, or null for the session's
 * @param user       {@code uid:gid}, or null for the session's
 */
public record ExecSpec(List<String> command, Map<String, String> env, String workingDir, String user)
        implements Serializable {

    public ExecSpec {
        command = List.copyOf(command);
        env = Map.copyOf(env);
        if (command.isEmpty()) {
            throw new IllegalArgumentException("an exec needs a command");
        }
    }

    public static ExecSpec of(String... command) {
        return new ExecSpec(List.of(command), Map.of(), null, null);
    }

    @Override
    public String toString() {
        return "ExecSpec[command=" + command + ", env=" + env.keySet() + ", workingDir=" + workingDir + "]";
    }
}
