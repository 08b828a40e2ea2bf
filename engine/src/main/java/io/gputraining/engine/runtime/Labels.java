package io.gputraining.engine.runtime;

/** The labels that mark containers as ours and name their owner. */
public final class Labels {

    /** Present on every container this engine creates; the value is the engine's label schema version. */
    public static final String MANAGED = "io.gputraining.managed";
    /** {@link Owner#label()} of the process that created the container. */
    public static final String OWNER_PROCESS = "io.gputraining.owner.process";
    /** The caller's own name for the owner: a build URL, {@code cli}, ... */
    public static final String OWNER = "io.gputraining.owner";

    private Labels() {
    }
}
