package io.gputraining.engine.registry;

import io.gputraining.engine.EngineException;
import io.gputraining.engine.image.RegistryAuth;
import io.gputraining.engine.image.RegistryCredentials;
import io.gputraining.engine.registry.local.LocalModelRegistry;
import io.gputraining.engine.registry.mlflow.MlflowModelRegistry;
import io.gputraining.engine.registry.mlflow.MlflowSettings;
import io.gputraining.engine.registry.oci.OciModelRegistry;
import java.nio.file.Path;
import java.util.Optional;

/** Opens the registry a {@link ModelRegistryConfig} names. */
public final class ModelRegistries {

    private ModelRegistries() {
    }

    public static ModelRegistry open(ModelRegistryConfig config) {
        return switch (config.kind()) {
            case LOCAL -> new LocalModelRegistry(Path.of(config.location()).toAbsolutePath().normalize());
            case MLFLOW -> new MlflowModelRegistry(MlflowSettings.of(config.location(),
                    config.auth() == null ? RegistryAuth.anonymous() : config.auth()).withVerification(config.mlflowVerification()));
            case OCI -> {
                int slash = config.location().indexOf('/');
                if (slash <= 0 || slash == config.location().length() - 1) {
                    throw new EngineException("OCI model registry '" + config.location() + "' needs a repository: host[:port]/repository.");
                }
                RegistryCredentials credentials = host -> Optional.ofNullable(config.auth());
                yield OciModelRegistry.builder(config.location().substring(0, slash), config.location().substring(slash + 1))
                        .credentials(credentials).build();
            }
        };
    }
}
