package io.gputraining.engine.preflight.host;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Asks the host's {@code nvidia-smi} what GPUs, driver and GPU processes this agent has. Runs three short
 * queries ({@link NvidiaSmiQuery}), each under a timeout, and parses them into a {@link HostGpuInventory}.
 * Must run on the agent itself (it starts a local process).
 */
public final class HostGpuProbe {

    /** Per query. A healthy {@code nvidia-smi} answers in about a second, slower without persistence mode. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private static final String EXECUTABLE = "nvidia-smi";
    private static final int MAX_MESSAGE_CHARS = 2000;

    private final Path configuredPath;
    private final String searchPath;
    private final Duration timeout;
    private final ProcessRunner runner = new ProcessRunner();

    private HostGpuProbe(Path configuredPath, String searchPath, Duration timeout) {
        this.configuredPath = configuredPath;
        this.searchPath = searchPath;
        this.timeout = timeout;
    }

    /**
     * A probe that finds {@code nvidia-smi} on a search path.
     *
     * @param pathVariable the agent's {@code PATH} (directories separated by {@link File#pathSeparator}); it is
     *                     given rather than read here so that callers pass the agent's environment, not this JVM's
     */
    public static HostGpuProbe onPath(String pathVariable) {
        return new HostGpuProbe(null, pathVariable == null ? "" : pathVariable, DEFAULT_TIMEOUT);
    }

    /** A probe that runs the {@code nvidia-smi} at this path. */
    public static HostGpuProbe at(Path nvidiaSmi) {
        return new HostGpuProbe(Objects.requireNonNull(nvidiaSmi, "nvidiaSmi"), null, DEFAULT_TIMEOUT);
    }

    /** The same probe with another timeout per query. */
    public HostGpuProbe withTimeout(Duration perQuery) {
        if (perQuery.isNegative() || perQuery.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + perQuery);
        }
        return new HostGpuProbe(configuredPath, searchPath, perQuery);
    }

    /**
     * Runs the queries and returns what they say.
     *
     * @throws NoNvidiaDriverException  {@code nvidia-smi} is not there: no NVIDIA driver on this agent
     * @throws NvidiaSmiFailedException {@code nvidia-smi} exited non-zero, could not start, or hung (and was killed)
     * @throws NvidiaSmiOutputException it succeeded but printed something unreadable
     * @throws InterruptedException     the thread was interrupted; the running {@code nvidia-smi} has been killed
     */
    public HostGpuInventory probe() throws InterruptedException {
        Path nvidiaSmi = locate();
        String gpus = run(NvidiaSmiQuery.gpus(nvidiaSmi));
        String apps = run(NvidiaSmiQuery.computeApps(nvidiaSmi));
        String xml = run(NvidiaSmiQuery.fullReportXml(nvidiaSmi));
        return HostGpuInventoryParser.parse(gpus, apps, xml);
    }

    /** Where {@code nvidia-smi} is; throws {@link NoNvidiaDriverException} when it is nowhere. */
    public Path locate() {
        if (configuredPath != null) {
            if (!Files.isRegularFile(configuredPath)) {
                throw new NoNvidiaDriverException("at the configured path " + configuredPath);
            }
            return configuredPath;
        }
        return onSearchPath().orElseThrow(() -> new NoNvidiaDriverException(
                "on PATH (" + (searchPath.isBlank() ? "empty" : searchPath) + ")"));
    }

    private Optional<Path> onSearchPath() {
        for (String dir : searchPath.split(File.pathSeparator)) {
            if (dir.isBlank()) {
                continue;
            }
            try {
                Path candidate = Path.of(dir, EXECUTABLE);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            } catch (InvalidPathException notADirectory) {
                // A malformed PATH entry cannot hold nvidia-smi; look in the others.
            }
        }
        return Optional.empty();
    }

    private String run(List<String> command) throws InterruptedException {
        String shown = String.join(" ", command);
        CommandResult result;
        try {
            result = runner.run(command, timeout);
        } catch (CommandTimeoutException e) {
            throw new NvidiaSmiFailedException(shown, NvidiaSmiFailedException.NO_EXIT_CODE,
                    "no answer within " + timeout.toSeconds() + " s, killed",
                    "A hung nvidia-smi usually means the driver or a GPU is stuck: look for NVIDIA Xid errors in"
                            + " the agent's kernel log (dmesg). Without persistence mode (nvidia-persistenced)"
                            + " nvidia-smi is slower; if it is merely slow, raise the timeout.", e);
        } catch (IOException e) {
            throw new NvidiaSmiFailedException(shown, NvidiaSmiFailedException.NO_EXIT_CODE,
                    "could not run it: " + e.getMessage(),
                    "Check that the agent's user may execute " + command.get(0) + ".", e);
        }
        if (!result.succeeded()) {
            String said = message(result);
            throw new NvidiaSmiFailedException(shown, result.exitCode(), said, advice(said), null);
        }
        return result.stdout();
    }

    private static String message(CommandResult result) {
        String said = (result.stderr().isBlank() ? result.stdout() : result.stderr()).strip();
        if (said.isEmpty()) {
            return "it printed nothing";
        }
        return said.length() <= MAX_MESSAGE_CHARS ? said : said.substring(0, MAX_MESSAGE_CHARS) + "…";
    }

    private static String advice(String said) {
        if (said.contains("Driver/library version mismatch")) {
            return "The loaded NVIDIA kernel module and the installed driver libraries differ, which happens after"
                    + " a driver upgrade without a reboot: reboot the agent (or reload the nvidia kernel modules).";
        }
        if (said.contains("couldn't communicate with the NVIDIA driver")) {
            return "The NVIDIA kernel module is not loaded: check that the driver is built for the running kernel"
                    + " (lsmod | grep nvidia, dmesg) and reinstall it if not.";
        }
        if (said.contains("No devices were found")) {
            return "The driver is loaded but sees no GPU: check that the GPU is installed or passed through to"
                    + " this machine (lspci | grep -i nvidia) and look for errors in dmesg.";
        }
        if (said.contains("GPU is lost") || said.contains("fallen off the bus")) {
            return "A GPU stopped responding: it needs a reset or the host a reboot; look for NVIDIA Xid errors"
                    + " in dmesg and keep builds off this agent until then.";
        }
        return "Run the same command on the agent to see the problem, and look for NVIDIA Xid errors in dmesg.";
    }
}
