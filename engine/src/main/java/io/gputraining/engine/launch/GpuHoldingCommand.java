package io.gputraining.engine.launch;

import io.gputraining.engine.runtime.ContainerSpec;
import io.gputraining.engine.runtime.Mount;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes a container hold its own GPU leases: the lease's lock files are mounted into it, and its command is started
 * by a few lines of Python ({@code hold-gpus.py}) that lock each file's hold byte and then {@code exec} the command,
 * keeping the locks. The GPUs are then leased exactly as long as the container's main process runs. Python is what
 * every PyTorch image has; the preflight's probe needs it too.
 */
final class GpuHoldingCommand {

    /** Where the lock files appear in the container: a directory of its own at the root, where no mount asked for is. */
    static final String LOCK_DIRECTORY = "/.gpu-training-leases";

    private static final String SCRIPT = load();

    private GpuHoldingCommand() {
    }

    /** {@code spec} with the lock files mounted and its command started through the holder, run by {@code python}. */
    static ContainerSpec wrap(ContainerSpec spec, List<Path> lockFiles, String python) {
        ContainerSpec.Builder wrapped = spec.toBuilder();
        List<String> command = new ArrayList<>(List.of(python, "-c", SCRIPT));
        for (Path file : lockFiles) {
            String inside = LOCK_DIRECTORY + "/" + file.getFileName();
            wrapped.mount(new Mount(file.toString(), inside, false));
            command.add(inside);
        }
        command.add("--");
        command.addAll(spec.command());
        return wrapped.command(command).build();
    }

    private static String load() {
        try (InputStream in = GpuHoldingCommand.class.getResourceAsStream("hold-gpus.py")) {
            if (in == null) {
                throw new IllegalStateException("hold-gpus.py is missing from the engine's resources");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
