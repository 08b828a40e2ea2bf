package io.jenkins.plugins.gputraining.container;

import io.gputraining.engine.runtime.FileToCopy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The scripts a freestyle build step hands to its command line: {@code hudson.tasks.CommandInterpreter}
 * (Execute shell and the like) writes its script into the agent's temporary directory and runs
 * {@code sh -xe /tmp/jenkins….sh}. The container sees only the workspace and its {@code @tmp}, so the freestyle
 * launcher copies these files in at the same path, rather than exposing the agent's whole {@code /tmp}.
 */
final class AgentTempScripts {

    private AgentTempScripts() {
    }

    /**
     * The arguments of {@code command} that name a regular file directly in {@code tempDirectory}, with their
     * content and mode. Call on the agent.
     */
    static List<FileToCopy> in(List<String> command, Path tempDirectory) throws IOException {
        Path temp = tempDirectory.toAbsolutePath().normalize();
        List<FileToCopy> files = new ArrayList<>();
        for (String argument : command) {
            if (!argument.startsWith("/")) {
                continue;
            }
            Path path = Path.of(argument).normalize();
            if (temp.equals(path.getParent()) && Files.isRegularFile(path)) {
                files.add(new FileToCopy(path.toString(), Files.readAllBytes(path), mode(Files.getPosixFilePermissions(path))));
            }
        }
        return files;
    }

    private static int mode(Set<PosixFilePermission> permissions) {
        int mode = 0;
        for (PosixFilePermission permission : permissions) {
            mode |= 1 << (8 - permission.ordinal()); // OWNER_READ is 0400 … OTHERS_EXECUTE 0001
        }
        return mode;
    }
}
