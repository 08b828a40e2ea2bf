package io.gputraining.examples.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * One run of a pipeline: its variables, parameters, result and log, the agent it runs on and, once a node is
 * allocated, its workspace; and the steps its scripts can call.
 */
public final class Build {

    private final String jobName;
    private final StepTable steps;
    private final Agent agent;
    private final GitSource scm;
    private final BuildEnvironment env;
    private final Map<String, Object> params = new LinkedHashMap<>();
    private final CurrentBuild currentBuild;
    private final BuildLog log;
    private final Path archive;
    private final Deque<Shell> shells = new ArrayDeque<>();
    private Path workspace;
    private Throwable error;

    Build(String jobName, int number, StepTable steps, Agent agent, GitSource scm, Map<String, String> agentEnvironment,
          Path archive, BuildLog log) {
        this.jobName = jobName;
        this.steps = steps;
        this.agent = agent;
        this.scm = scm;
        this.env = new BuildEnvironment(agentEnvironment);
        this.currentBuild = new CurrentBuild(number);
        this.archive = archive;
        this.log = log;
    }

    public StepTable steps() {
        return steps;
    }

    public BuildEnvironment env() {
        return env;
    }

    public Map<String, Object> params() {
        return params;
    }

    public CurrentBuild currentBuild() {
        return currentBuild;
    }

    public BuildLog log() {
        return log;
    }

    public GitSource scm() {
        return scm;
    }

    /** Where {@code archiveArtifacts} keeps files, as the controller keeps them next to the build. */
    public Path archive() {
        return archive;
    }

    /** The workspace of the node the build holds; a step outside {@code node}/{@code agent} fails. */
    public Path workspace() {
        if (workspace == null) {
            throw new PipelineFailure("Required context class hudson.FilePath is missing: this step runs only inside node { } or with an agent.");
        }
        return workspace;
    }

    /** The innermost block's shell, if a block (withPytorchCuda) provides one. */
    public Optional<Shell> shell() {
        return Optional.ofNullable(shells.peek());
    }

    /** Runs {@code body} with {@code shell} as where {@code sh} runs. */
    public <T> T withShell(Shell shell, Callable<T> body) throws Exception {
        shells.push(shell);
        try {
            return body.call();
        } finally {
            shells.pop();
        }
    }

    /** Ends the build as FAILURE because of {@code e}, logged as Jenkins logs it. */
    void failed(Throwable e) {
        if (error == null) {
            error = e;
        }
        log.message("ERROR: " + e.getMessage());
        currentBuild.worsen(CurrentBuild.Result.FAILURE);
    }

    /** What failed the build first, or null. */
    public Throwable error() {
        return error;
    }

    /** Takes the agent for {@code label} (null: any) and runs {@code body} in the job's workspace on it. */
    <T> T onNode(String label, Callable<T> body) throws Exception {
        if (label != null && !agent.labels().contains(label)) {
            throw new PipelineFailure("No agent has the label '" + label + "' (this harness has " + agent.name() + " with "
                    + agent.labels() + "); the build would wait for one forever.");
        }
        Path previous = workspace;
        workspace = agent.workspaceRoot().resolve(jobName);
        try {
            Files.createDirectories(workspace);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        env.put("WORKSPACE", workspace.toString());
        env.put("NODE_NAME", agent.name());
        log.message("Running on " + agent.name() + " in " + workspace);
        try {
            return body.call();
        } finally {
            workspace = previous;
            env.put("WORKSPACE", previous == null ? null : previous.toString());
        }
    }
}
