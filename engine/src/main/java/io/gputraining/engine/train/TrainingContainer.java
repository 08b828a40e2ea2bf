package io.gputraining.engine.train;

import io.gputraining.engine.LogSink;
import io.gputraining.engine.ProgressListener;
import io.gputraining.engine.registry.ModelRegistry;
import io.gputraining.engine.runtime.ContainerGoneException;
import io.gputraining.engine.runtime.ContainerState;
import io.gputraining.engine.runtime.DetachedContainer;
import io.gputraining.engine.runtime.DetachedContainers;
import io.gputraining.engine.runtime.Labels;
import io.gputraining.engine.runtime.LogChunk;
import io.gputraining.engine.runtime.LogPosition;
import java.time.Instant;
import java.util.Optional;

/**
 * A training started by {@link TrainingFlow#start}, found again by its run id: follow its output from where the last
 * reader stopped ({@link #poll}), then {@link #finish} it (collect, register) and {@link #remove} it. Holds nothing of
 * its own; any JVM with a connection to the daemon may do any of it, any number of times: a finish repeated after a
 * restart registers under the same idempotency key, so the registry answers with the version it made the first time.
 */
public final class TrainingContainer {

    private final DetachedContainer container;
    private final TrainingLabels record;

    private TrainingContainer(DetachedContainer container) {
        this.container = container;
        this.record = TrainingLabels.read(container.id(), container.labels());
    }

    /**
     * The training of {@code runId} that {@code owner} started, running or ended.
     *
     * @return empty when no such container exists (it was removed)
     */
    public static Optional<TrainingContainer> find(DetachedContainers daemon, String owner, String runId) {
        return daemon.find(Labels.RUN, runId)
                .filter(c -> owner.equals(c.labels().get(Labels.OWNER)))
                .map(TrainingContainer::new);
    }

    /** The container's id. */
    public String id() {
        return container.id();
    }

    /** The run manifest as the run started (image, GPUs, preflight verdicts, command, lineage). */
    public RunManifest startedManifest() {
        return record.started();
    }

    /**
     * Reads what the training wrote after {@code from}, up to about {@code maxBytes}, and whether it still runs. A
     * training that outran its timeout is stopped and removed here, and the progress says so.
     *
     * @throws ContainerGoneException when the container was removed meanwhile
     */
    public TrainingProgress poll(LogPosition from, int maxBytes) throws InterruptedException {
        ContainerState state = container.state(); // before the logs: once ended, the logs read next are complete
        LogChunk output = container.logs(from, maxBytes);
        if (state.running() && !record.timeout().isZero() && state.ran(Instant.now()).compareTo(record.timeout()) > 0) {
            container.remove();
            return new TrainingProgress(output, false, TrainingOutcome.timedOut(record.timeout()));
        }
        return new TrainingProgress(output, state.running(), null);
    }

    /**
     * Judges the ended training and, when it succeeded, collects its artifacts, completes its run manifest and
     * registers the version. The container stays: {@link #remove()} it once the result is safe with the caller.
     *
     * @throws TrainingFailedException for a non-zero exit or an OOM kill; nothing is registered then
     * @throws IllegalStateException   while the training still runs
     * @throws ContainerGoneException  when the container was removed meanwhile (its exit code is lost with it)
     */
    public TrainingResult finish(ModelRegistry registry, LogSink log, ProgressListener progress) throws InterruptedException {
        ContainerState state = container.state();
        if (state.running()) {
            throw new IllegalStateException("the training in container " + id() + " still runs");
        }
        TrainingOutcome.check(state.exitCode(), state.oomKilled(), record.memory());
        return new TrainingRegistration(registry).register(record.started(), record.artifacts(), state.exitCode(),
                state.ran(Instant.now()).toMillis(), null, log, progress);
    }

    /** Stops and removes the container; nothing happens when it is gone already. */
    public void remove() {
        container.remove();
    }
}
