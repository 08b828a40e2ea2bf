package io.gputraining.engine.registry;

import io.gputraining.engine.LogSink;
import io.gputraining.engine.ProgressListener;
import java.util.Optional;

/**
 * Where model versions are registered: a local directory, an MLflow tracking server, an OCI registry.
 * <p>Guarantees every implementation keeps: a version exists only once all its artifacts are uploaded and
 * verified (a failure mid-way leaves no version, and {@link ModelRegistryException} says what was uploaded);
 * registering the same {@link ModelPublication#idempotencyKey()} again returns the existing version; files are
 * streamed with constant memory; transient failures are retried with backoff; progress goes to the listener;
 * credentials never appear in logs, messages or stored metadata.
 */
public interface ModelRegistry {

    /** Registers a new version, or returns the one registered before under the same idempotency key. */
    RegisteredModel register(ModelPublication publication, LogSink log, ProgressListener progress) throws InterruptedException;

    /** The version registered under {@code idempotencyKey}, if any. */
    Optional<RegisteredModel> find(String modelName, String idempotencyKey) throws InterruptedException;

    /**
     * Refuses, before anything runs, a model name or alias this registry could not store, so that a name it
     * rejects fails the build at once rather than after the training. Contacts nothing.
     *
     * @param alias the alias, or null for none
     * @throws io.gputraining.engine.EngineException saying what is wrong with the name and how to fix it
     */
    default void checkNames(String modelName, String alias) {
    }

    /** Kind and address, for logs: {@code local /var/lib/models}, {@code mlflow http://…}, {@code oci 127.0.0.1:5000/models}. */
    String describe();
}
