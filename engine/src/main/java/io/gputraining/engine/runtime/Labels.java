package io.gputraining.engine.runtime;

/** The labels that mark containers as ours and name their owner. */
public final class Labels {

    /** Present on every container this engine creates; the value is the engine's label schema version. */
    public static final String MANAGED = "io.gputraining.managed";
    /** {@link Owner#label()} of the process that created the container. */
    public static final String OWNER_PROCESS = "io.gputraining.owner.process";
    /** The caller's own name for the owner: a build URL, {@code cli}, ... */
    public static final String OWNER = "io.gputraining.owner";
    /**
     * On containers that outlive their creating process ({@link DetachedContainers}): their owner removes them, so a
     * running one is no orphan when its creator is gone.
     */
    public static final String DETACHED = "io.gputraining.detached";
    /** The run id of a training container, by which its owner finds it again. */
    public static final String RUN = "io.gputraining.run";
    /** The session id of a block's container, by which every command of the block finds it. */
    public static final String SESSION = "io.gputraining.session";

    private Labels() {
    }
}
