package io.gputraining.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.gputraining.engine.testing.TestEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Option defaults from the config file, over them GPU_TRAINING_* variables, over both the flags. */
class CliConfigTest {

    private static final String BAD_IMAGE = "Not A Ref";

    @RegisterExtension
    final CapturedCli cli = new CapturedCli();

    private Path configFile(String content) throws Exception {
        Path file = cli.home().resolve(".config/gpu-training/config.properties");
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content);
    }

    @Test
    void theConfigFileInTheHomeDirectoryGivesTheImage() throws Exception {
        configFile("image=" + TestEnvironment.smallImage() + "\n");

        assertThat(cli.run("run", "--", "echo", "from the config")).as(cli.stderr()).isZero();
        assertThat(cli.stdout()).isEqualTo("from the config\n");
    }

    @Test
    void theEnvironmentWinsOverTheFile() throws Exception {
        configFile("image=" + TestEnvironment.smallImage() + "\n");

        int code = cli.run(Map.of("GPU_TRAINING_IMAGE", BAD_IMAGE), "run", "--", "echo", "unreached");

        assertThat(code).isEqualTo(ExitCodes.ENGINE_ERROR);
        assertThat(cli.stderr()).contains("Invalid image reference").contains(BAD_IMAGE);
    }

    @Test
    void aFlagWinsOverTheEnvironmentAndTheFile() throws Exception {
        configFile("image=" + BAD_IMAGE + "\n");

        int code = cli.run(Map.of("GPU_TRAINING_IMAGE", BAD_IMAGE), "run", "--image", TestEnvironment.smallImage(), "--", "echo", "flag");

        assertThat(code).as(cli.stderr()).isZero();
        assertThat(cli.stdout()).isEqualTo("flag\n");
    }

    @Test
    void configNamesAnotherFileWhereverItStands(@TempDir Path elsewhere) throws Exception {
        configFile("image=" + BAD_IMAGE + "\n");
        Path team = Files.writeString(elsewhere.resolve("team.properties"), "image=" + TestEnvironment.smallImage() + "\n");

        assertThat(cli.run("run", "--config", team.toString(), "--", "echo", "team")).as(cli.stderr()).isZero();
        assertThat(cli.stdout()).isEqualTo("team\n");
    }

    @Test
    void aConfigAfterTheDoubleDashBelongsToTheCommandInTheImage() {
        int code = cli.run("run", "--image", TestEnvironment.smallImage(), "--", "echo", "--config", "/absent.properties");

        assertThat(code).as(cli.stderr()).isZero();
        assertThat(cli.stdout()).isEqualTo("--config /absent.properties\n");
    }

    @Test
    void aMissingConfigFileIsAUsageErrorNamingIt() {
        assertThat(cli.run("gc", "--config", cli.home().resolve("absent.properties").toString())).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.stderr()).startsWith("gpu-training: Cannot read the configuration file " + cli.home().resolve("absent.properties"));
    }

    @Test
    void aKeyThatConfiguresNothingIsRefusedWithTheKeysThatDo() throws Exception {
        configFile("regsitry=local:/tmp/models\n");

        assertThat(cli.run("gc")).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.stderr()).contains("[regsitry]").contains("registry");
    }

    @Test
    void withoutImageFromAnywhereRunSaysWhereOneCanComeFrom() {
        assertThat(cli.run("run", "--", "true")).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.stderr()).contains("Missing required option: '--image=REF'").contains("GPU_TRAINING_IMAGE");
    }

    @Test
    void theRegistryDefaultsToTheLocalOneUnderTheHomeDirectory() {
        assertThat(cli.run("train", "--help")).isZero();
        assertThat(cli.stdout().replaceAll("\\s+", " ")).contains("Default: local:" + System.getProperty("user.home") + "/.gpu-training/registry");
    }

    @Test
    void anUnknownMlflowVerificationIsAUsageErrorNamingTheModes() {
        int code = cli.run("train", "--image", TestEnvironment.smallImage(), "--model", "m", "--mlflow-verify", "sha256", "--", "true");

        assertThat(code).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.stderr()).contains("'sha256' is not known", "'size'", "'read-back'");
    }

    @Test
    void theMlflowVerificationCanComeFromTheConfigFile() throws Exception {
        configFile("mlflow-verify=everything\n");

        int code = cli.run("train", "--image", TestEnvironment.smallImage(), "--model", "m", "--", "true");

        assertThat(code).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.stderr()).contains("'everything' is not known");
    }
}
