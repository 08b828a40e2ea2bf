package io.gputraining.engine.docker;

import io.gputraining.engine.EngineException;
import io.gputraining.engine.runtime.FileToCopy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * How a one-shot container gets the caller's environment without it being in the container's config, where
 * {@code docker inspect} shows every value to anyone who may use the Docker socket: the variables go into a
 * file copied into the container before it starts, and the command is started by {@code /bin/sh}, which reads
 * the file and then {@code exec}s the command with its arguments unchanged (so it is still PID 1, its exit code
 * the container's). The price is that the image needs {@code /bin/sh}, as every PyTorch image has.
 *
 * @param file    the file to copy into the container
 * @param command the command to give the container instead of the caller's
 */
record EnvironmentFile(FileToCopy file, List<String> command) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** The file and wrapped command for {@code env}, which must not be empty. */
    static EnvironmentFile of(Map<String, String> env, List<String> command) {
        StringBuilder script = new StringBuilder();
        env.forEach((name, value) -> {
            if (!NAME.matcher(name).matches()) {
                throw new EngineException("Environment variable name '" + name + "' cannot be passed to the container: use"
                        + " letters, digits and '_', not starting with a digit.");
            }
            script.append("export ").append(name).append("='").append(value.replace("'", "'\\''")).append("'\n");
        });
        // A fresh directory per container, at the root, where no mount asked for can be.
        String path = "/.gpu-training-" + UUID.randomUUID().toString().substring(0, 8) + "/env";
        List<String> wrapped = new ArrayList<>(List.of("/bin/sh", "-c", ". " + path + " && exec \"$@\"", "gpu-training"));
        wrapped.addAll(command);
        return new EnvironmentFile(new FileToCopy(path, script.toString().getBytes(StandardCharsets.UTF_8), 0444), wrapped);
    }
}
