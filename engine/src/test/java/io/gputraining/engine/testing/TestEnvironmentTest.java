package io.gputraining.engine.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class TestEnvironmentTest {

    @TempDir
    Path repo;

    private Path moduleWithEnvFile(String content) throws IOException {
        Files.writeString(Files.createDirectories(repo.resolve(".testenv")).resolve("env"), content);
        return Files.createDirectories(repo.resolve("engine"));
    }

    @Test
    void prefersTheEnvironmentVariableOverTheEnvFile() throws IOException {
        Path module = moduleWithEnvFile("export GT_TEST_REGISTRY='127.0.0.1:1111'\n");

        String registry = TestEnvironment.require("GT_TEST_REGISTRY", "registry",
                Map.of("GT_TEST_REGISTRY", "127.0.0.1:2222"), module);

        assertThat(registry).isEqualTo("127.0.0.1:2222");
    }

    @Test
    void fallsBackToTheEnvFileAboveTheWorkingDirectory() throws IOException {
        Path module = moduleWithEnvFile("export GT_TEST_REGISTRY='127.0.0.1:1111'\n");

        assertThat(TestEnvironment.require("GT_TEST_REGISTRY", "registry", Map.of(), module))
                .isEqualTo("127.0.0.1:1111");
    }

    @Test
    void abortsOutsideCiNamingTheVariableAndTheProvisioningCommand() throws IOException {
        Path module = moduleWithEnvFile("export GT_TEST_REGISTRY='127.0.0.1:1111'\n");

        assertThatThrownBy(() -> TestEnvironment.require("GT_TEST_TORCH_IMAGE", "the PyTorch test image",
                Map.of("CI", "false"), module))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("GT_TEST_TORCH_IMAGE")
                .hasMessageContaining(repo.resolve(".testenv/env").toString())
                .hasMessageContaining("scripts/testenv-up");
    }

    @Test
    void failsUnderCiWhenAComponentIsMissing() throws IOException {
        Path module = moduleWithEnvFile("# nothing provisioned\n");

        assertThatThrownBy(() -> TestEnvironment.require("GT_TEST_TORCH_IMAGE", "the PyTorch test image",
                Map.of("CI", "true"), module))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("GT_TEST_TORCH_IMAGE")
                .hasMessageContaining("scripts/testenv-up");
    }
}
