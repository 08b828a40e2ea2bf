package io.gputraining.engine.registry.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gputraining.engine.LogSink;
import io.gputraining.engine.ProgressListener;
import io.gputraining.engine.artifacts.FileTree;
import io.gputraining.engine.registry.ModelRegistryException;
import io.gputraining.engine.registry.RegisteredModel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalModelRegistryAliasTest {

    @TempDir
    Path base;

    private Path output;
    private LocalModelRegistry registry;

    @BeforeEach
    void setUp() throws Exception {
        output = base.resolve("output");
        new FileTree(output).file("model.pt", "weights");
        registry = new LocalModelRegistry(base.resolve("registry"));
    }

    private RegisteredModel register(String key, String alias) throws Exception {
        return registry.register(Publications.of("resnet", key, Publications.select(output), alias),
                LogSink.discarding(), ProgressListener.ignoring());
    }

    @Test
    void aliasGivenAtRegistrationPointsAtTheNewVersion() throws Exception {
        RegisteredModel v1 = register("run-1", "production");
        assertThat(registry.aliased("resnet", "production")).contains(v1);
        assertThat(Files.readString(base.resolve("registry/models/resnet/aliases/production"))).isEqualTo("1\n");
    }

    @Test
    void laterRegistrationMovesTheAlias() throws Exception {
        register("run-1", "production");
        RegisteredModel v2 = register("run-2", "production");
        assertThat(registry.aliased("resnet", "production")).contains(v2);
    }

    @Test
    void registrationWithoutAliasLeavesAliasesAlone() throws Exception {
        RegisteredModel v1 = register("run-1", "production");
        register("run-2", null);
        assertThat(registry.aliased("resnet", "production")).contains(v1);
    }

    @Test
    void setAliasPointsAtAnExistingVersion() throws Exception {
        RegisteredModel v1 = register("run-1", null);
        register("run-2", "production");
        assertThat(registry.setAlias("resnet", "production", 1)).isEqualTo(v1);
        assertThat(registry.aliased("resnet", "production")).contains(v1);
    }

    @Test
    void setAliasToAMissingVersionIsRefused() throws Exception {
        register("run-1", "production");
        assertThatThrownBy(() -> registry.setAlias("resnet", "production", 7))
                .isInstanceOf(ModelRegistryException.class)
                .hasMessageContaining("no such version");
        assertThat(registry.aliased("resnet", "production").orElseThrow().version()).isEqualTo("1");
    }

    @Test
    void retriedRegistrationSetsTheAliasTheFirstAttemptDidNotReach() throws Exception {
        RegisteredModel v1 = register("run-1", null);
        assertThat(register("run-1", "staging")).isEqualTo(v1);
        assertThat(registry.aliased("resnet", "staging")).contains(v1);
    }

    @Test
    void unknownAliasIsEmpty() throws Exception {
        register("run-1", null);
        assertThat(registry.aliased("resnet", "production")).isEmpty();
    }
}
