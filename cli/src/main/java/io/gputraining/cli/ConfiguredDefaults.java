package io.gputraining.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Defaults of the options a team sets once, from the environment ({@code GPU_TRAINING_REGISTRY} for
 * {@code --registry}) over a properties file ({@code registry=…}): {@code --config FILE}, else
 * {@code $GPU_TRAINING_CONFIG}, else {@code $XDG_CONFIG_HOME/gpu-training/config.properties}, else
 * {@code ~/.config/gpu-training/config.properties}. A flag on the command line wins over both, since picocli asks
 * a default provider only for options not given.
 */
final class ConfiguredDefaults implements IDefaultValueProvider {

    /**
     * The options that can be configured: where things are and house policy, not what one run does (model, command,
     * artifacts). The same key serves every command that has the option.
     */
    static final Set<String> KEYS = Set.of("registry", "registry-user", "registry-password-env", "registry-token-env", "image",
            "require-pinned", "pull", "runtime", "gpus", "docker-host", "gpu-lock-dir", "gpu-wait-seconds", "python", "network",
            "mlflow-verify");
    static final String ENV_PREFIX = "GPU_TRAINING_";

    private final Map<String, String> env;
    private final Properties file;

    private ConfiguredDefaults(Map<String, String> env, Properties file) {
        this.env = env;
        this.file = file;
    }

    /**
     * Reads the configuration for a command line.
     *
     * @throws ConfigFileException when a file named by {@code --config} or {@code GPU_TRAINING_CONFIG} is missing or
     *                             unreadable, or the file has a key that configures nothing
     */
    static ConfiguredDefaults load(Map<String, String> env, String[] args) {
        String named = configFlag(args);
        if (named == null) {
            named = env.get(ENV_PREFIX + "CONFIG");
        }
        Path path = named != null ? Path.of(named) : defaultFile(env);
        Properties properties = new Properties();
        if (named == null && !Files.isRegularFile(path)) {
            return new ConfiguredDefaults(env, properties); // no file of one's own: flags and env only
        }
        try (Reader reader = Files.newBufferedReader(path)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new ConfigFileException("Cannot read the configuration file " + path + " (" + e.getMessage() + "). Fix the path"
                    + " given by --config or GPU_TRAINING_CONFIG, or remove the option.");
        }
        Set<String> unknown = new TreeSet<>(properties.stringPropertyNames());
        unknown.removeAll(KEYS);
        if (!unknown.isEmpty()) {
            throw new ConfigFileException("The configuration file " + path + " has key(s) " + unknown + " that configure nothing;"
                    + " the keys are " + new TreeSet<>(KEYS) + ".");
        }
        return new ConfiguredDefaults(env, properties);
    }

    @Override
    public String defaultValue(ArgSpec argSpec) {
        if (!(argSpec instanceof OptionSpec option) || !option.longestName().startsWith("--")) {
            return null;
        }
        String key = option.longestName().substring(2);
        if (!KEYS.contains(key)) {
            return null;
        }
        String fromEnv = env.get(ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('-', '_'));
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv.strip();
        }
        String fromFile = file.getProperty(key);
        return fromFile == null || fromFile.isBlank() ? null : fromFile.strip();
    }

    /** The value of {@code --config FILE} or {@code --config=FILE}, wherever it stands; null when absent. */
    static String configFlag(String[] args) {
        List<String> list = List.of(args);
        for (int i = 0; i < list.size(); i++) {
            String arg = list.get(i);
            if (arg.equals("--")) {
                return null; // what follows is the command run in the image
            }
            if (arg.equals("--config") && i + 1 < list.size()) {
                return list.get(i + 1);
            }
            if (arg.startsWith("--config=")) {
                return arg.substring("--config=".length());
            }
        }
        return null;
    }

    private static Path defaultFile(Map<String, String> env) {
        String xdg = env.get("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg)
                : Path.of(env.getOrDefault("HOME", System.getProperty("user.home")), ".config");
        return base.resolve("gpu-training").resolve("config.properties");
    }
}
