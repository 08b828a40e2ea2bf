package io.gputraining.engine.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvFileTest {

    /** Captured from a real run of scripts/testenv-up on 2026-11-22. */
    private static final String WRITTEN_BY_TESTENV_UP = """
            # Written by scripts/testenv-up on 2026-11-22T16:51:20Z. Source it; do not edit.
            export DOCKER_HOST='unix:///var/run/docker.sock'
            export GT_TEST_REGISTRY='127.0.0.1:45100'
            export GT_TEST_REGISTRY_DATA='/var/lib/gpu-training-testenv/registry'
            export GT_TEST_TORCH_IMAGE='127.0.0.1:45100/gpu-training/pytorch-test@sha256:e97f84e8b0b83632939d0c765a6b4e8896d15eadc64a5996abccdd2cf34194be'
            export GT_TEST_TORCH_TAGGED='127.0.0.1:45100/gpu-training/pytorch-test:68c271a2b41a92b5'
            export GT_TEST_SMALL_IMAGE='127.0.0.1:45100/gpu-training/busybox-test@sha256:ffb10dec9c284bfcda3eb5f0e87e8feaac5b774060ffebc187ff96858e548596'
            export GT_TEST_SMALL_TAGGED='127.0.0.1:45100/gpu-training/busybox-test:78b9e29496597ed1'
            """;

    @Test
    void readsEveryVariableTestenvUpWritesWithoutItsQuotes() {
        EnvFile file = EnvFile.parse("env", WRITTEN_BY_TESTENV_UP.lines().toList());

        assertThat(file.variables()).containsOnlyKeys("DOCKER_HOST", "GT_TEST_REGISTRY", "GT_TEST_REGISTRY_DATA",
                "GT_TEST_TORCH_IMAGE", "GT_TEST_TORCH_TAGGED", "GT_TEST_SMALL_IMAGE", "GT_TEST_SMALL_TAGGED");
        assertThat(file.value("GT_TEST_TORCH_IMAGE")).contains("127.0.0.1:45100/gpu-training/pytorch-test"
                + "@sha256:e97f84e8b0b83632939d0c765a6b4e8896d15eadc64a5996abccdd2cf34194be");
        assertThat(file.value("DOCKER_HOST")).contains("unix:///var/run/docker.sock");
    }

    @Test
    void acceptsBareAndDoubleQuotedValuesAndLinesWithoutExport() {
        EnvFile file = EnvFile.parse("env", List.of("A=bare", "export B=\"double quoted\"", "  export C='x=y'  "));

        assertThat(file.value("A")).contains("bare");
        assertThat(file.value("B")).contains("double quoted");
        assertThat(file.value("C")).contains("x=y");
    }

    @Test
    void treatsAnEmptyValueAsAbsent() {
        EnvFile file = EnvFile.parse("env", List.of("export GT_TEST_REGISTRY=''"));

        assertThat(file.value("GT_TEST_REGISTRY")).isEmpty();
        assertThat(file.value("NEVER_SET")).isEmpty();
    }

    @Test
    void rejectsALineThatIsNoAssignmentNamingItsNumber() {
        List<String> lines = List.of("# header", "export GT_TEST_REGISTRY", "B=2");

        assertThatThrownBy(() -> EnvFile.parse("/repo/.testenv/env", lines))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("/repo/.testenv/env line 2")
                .hasMessageContaining("scripts/testenv-up");
    }

    @Test
    void rejectsAnUnterminatedQuote() {
        assertThatThrownBy(() -> EnvFile.parse("env", List.of("export A='half")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line 1 has an unterminated ' quote");
    }

    @Test
    void locatesTheEnvFileOfAnAncestorDirectory(@TempDir Path repo) throws IOException {
        Path envFile = Files.createDirectories(repo.resolve(".testenv")).resolve("env");
        Files.writeString(envFile, "export A='1'\n");
        Path module = Files.createDirectories(repo.resolve("engine/target"));

        assertThat(EnvFile.locate(module)).contains(envFile);
    }

    @Test
    void ignoresADirectoryNamedLikeTheEnvFile(@TempDir Path repo) throws IOException {
        Path directory = Files.createDirectories(repo.resolve(".testenv/env"));

        assertThat(EnvFile.locate(repo)).isNotEqualTo(Optional.of(directory));
    }
}
