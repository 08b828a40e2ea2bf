package io.jenkins.plugins.gputraining.container;

import hudson.AbortException;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.slaves.WorkspaceList;
import hudson.util.ListBoxModel;
import io.gputraining.engine.EngineException;
import io.gputraining.engine.launch.ContainerBlockRequest;
import io.gputraining.engine.steps.ContainerBlockSettings;
import io.gputraining.engine.steps.SiteSettings;
import io.jenkins.plugins.gputraining.AgentRuntime;
import io.jenkins.plugins.gputraining.GpuTrainingConfiguration;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The form fields the Pipeline step and the freestyle wrapper share, with the engine's defaults
 * ({@link ContainerBlockSettings#DEFAULTS}). Both describables hold one and expose its fields to data binding.
 */
final class BlockParameters implements Serializable {

    private static final long serialVersionUID = 1L;
    static final ContainerBlockSettings DEFAULTS = ContainerBlockSettings.DEFAULTS;

    String image;
    String gpus = DEFAULTS.gpus();
    boolean preflight = DEFAULTS.preflight();
    String network = DEFAULTS.network();
    int gpuWaitMinutes = DEFAULTS.gpuWaitMinutes();
    boolean requirePinned = DEFAULTS.requirePinned();
    String pull = DEFAULTS.pull();
    String runtime = DEFAULTS.runtime();
    String shmSize = DEFAULTS.shmSize();
    ArrayList<String> mounts = new ArrayList<>(DEFAULTS.mounts());

    BlockParameters(String image) {
        this.image = image == null ? "" : image.strip();
    }

    /** The mounts as Pipeline gives them; none for null. */
    void setMounts(List<String> entries) {
        mounts = entries == null ? new ArrayList<>() : entries.stream().map(String::strip).filter(m -> !m.isEmpty())
                .collect(Collectors.toCollection(ArrayList::new));
    }

    static ListBoxModel networkItems() {
        ListBoxModel items = new ListBoxModel();
        items.add("none: no network", "none");
        items.add("host: the agent's network", "host");
        return items;
    }

    /** Blank values mean the default, as a form leaves them. */
    static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value.strip();
    }

    /** The parameters as the engine maps them to a request. */
    ContainerBlockSettings settings() {
        return ContainerBlockSettings.builder().image(image).gpus(gpus).preflight(preflight).network(network)
                .gpuWaitMinutes(gpuWaitMinutes).requirePinned(requirePinned).pull(pull).runtime(runtime).shmSize(shmSize)
                .mounts(mounts == null ? List.of() : mounts).build();
    }

    /**
     * The options for a block in {@code workspace}; creates the workspace and its {@code @tmp} sibling first,
     * since Docker would create missing mount sources owned by root. The runtime is the block's or the global default;
     * its daemon, as the agent's user finds it, the registry logins and the PATH nvidia-smi is found on come from the
     * build's environment, as for the docker CLI in an {@code sh} step.
     *
     * @throws AbortException when the parameters cannot make a request, saying why
     */
    ContainerOptions toOptions(FilePath workspace, String owner, String sessionId, EnvVars env)
            throws IOException, InterruptedException {
        FilePath temp = WorkspaceList.tempDir(workspace);
        if (temp == null) {
            throw new AbortException("The workspace " + workspace.getRemote() + " has no parent directory for its @tmp"
                    + " sibling, where sh keeps its scripts; use a workspace below the agent's root.");
        }
        // The lock directory is the site's, as for every step: a block with its own would not see the others' leases.
        SiteSettings site = GpuTrainingConfiguration.get().siteSettings();
        ContainerBlockRequest block;
        AgentRuntime runtime;
        try {
            block = settings().toRequest(site, workspace.getRemote(), temp.getRemote(), owner);
            runtime = AgentRuntime.of(settings().runtimeKind(site), env);
        } catch (EngineException e) {
            throw new AbortException(e.getMessage()); // says what to give instead; a stack trace would bury it
        }
        workspace.mkdirs();
        temp.mkdirs();
        return new ContainerOptions(block, sessionId, runtime.endpointOn(workspace.getChannel()), runtime.dockerConfig(), env.get("PATH"));
    }
}
