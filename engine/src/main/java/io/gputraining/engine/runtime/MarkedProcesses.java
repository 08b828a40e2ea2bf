package io.gputraining.engine.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Ends the processes in a session whose environment holds given entries: how Jenkins tells the processes of
 * one build step ({@code JENKINS_SERVER_COOKIE}), and what its {@code Launcher.kill} is asked to end. It looks
 * from inside the session (a POSIX shell script over {@code /proc}), so it finds a container's processes where
 * the agent cannot see them: a remote daemon, user namespaces, another user.
 */
public final class MarkedProcesses {

    /** As long as Jenkins' own {@code ProcessTree} waits between SIGTERM and SIGKILL. */
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(5);

    private static final String SCRIPT = load();

    private MarkedProcesses() {
    }

    /**
     * Sends SIGTERM to every marked process, waits up to {@code grace} for them to end and SIGKILLs the rest.
     *
     * @param marks the environment entries a process must all hold; none means nothing is ended
     * @return the process ids found (as the session numbers them)
     * @throws ProcessKillException when the script could not run in the session
     */
    public static List<String> kill(ContainerSession session, Map<String, String> marks, Duration grace)
            throws InterruptedException {
        if (marks.isEmpty()) {
            return List.of();
        }
        List<String> command = new ArrayList<>(List.of("sh", "-c", SCRIPT, "kill-marked",
                Long.toString(Math.max(0, grace.toSeconds()))));
        marks.forEach((name, value) -> command.add(name + "=" + value));
        CapturedOutput output = new CapturedOutput();
        int exit = session.exec(new ExecSpec(command, Map.of(), null, null), output);
        if (exit != 0) {
            throw new ProcessKillException("Could not look for the processes to end in " + session.id() + " (exit "
                    + exit + "): " + output.text().strip());
        }
        String found = output.text().strip();
        return found.isEmpty() ? List.of() : Arrays.asList(found.split("\\s+"));
    }

    private static String load() {
        try (InputStream in = MarkedProcesses.class.getResourceAsStream("kill-marked.sh")) {
            if (in == null) {
                throw new IllegalStateException("kill-marked.sh is missing from the engine's resources");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
