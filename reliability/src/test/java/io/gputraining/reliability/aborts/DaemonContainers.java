package io.gputraining.reliability.aborts;

import io.gputraining.engine.runtime.Labels;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Our containers as the daemon itself reports them, through its own CLI ({@code docker}, {@code podman}) rather
 * than the engine's client, so that the check does not share the code it checks: every container carrying
 * {@link Labels#MANAGED}, running or not.
 */
final class DaemonContainers {

    /** One container: id, the {@link Labels#OWNER_PROCESS} label ({@code host/pid/start}), {@link Labels#OWNER}, state. */
    record Ours(String id, String ownerProcess, String owner, String state) {

        /** Whether the process with {@code pid} created it. */
        boolean createdBy(long pid) {
            String[] parts = ownerProcess.split("/");
            return parts.length == 3 && parts[1].equals(Long.toString(pid));
        }

        @Override
        public String toString() {
            return id.substring(0, Math.min(12, id.length())) + " (" + state + ", owner " + owner + ")";
        }
    }

    private DaemonContainers() {
    }

    static List<Ours> matching(TrialDaemon daemon, Predicate<Ours> which) {
        List<String> command = daemon.listOurs();
        try {
            Process docker = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String out = new String(docker.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (docker.waitFor() != 0) {
                throw new IllegalStateException(command.get(0) + " ps failed (exit " + docker.exitValue() + "): " + command);
            }
            List<Ours> result = new ArrayList<>();
            for (String line : out.split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                Ours c = new Ours(f[0], f[1], f[2], f[3]);
                if (which.test(c)) {
                    result.add(c);
                }
            }
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while listing containers", e);
        }
    }
}
