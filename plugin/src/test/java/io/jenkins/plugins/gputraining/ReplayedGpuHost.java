package io.jenkins.plugins.gputraining;

import static org.junit.Assert.fail;

import hudson.EnvVars;
import io.gputraining.engine.LogSink;
import io.gputraining.engine.gpu.GpuAllocator;
import io.gputraining.engine.gpu.GpuLease;
import io.gputraining.engine.gpu.GpuLeaseTimeoutException;
import io.gputraining.engine.preflight.host.GpuInfo;
import io.gputraining.engine.preflight.host.HostGpuProbe;
import io.gputraining.engine.preflight.host.NvidiaSmiStandIn;
import io.gputraining.engine.runtime.GpuRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The 2×H200 host of the real captures, for an agent of the tests: the engine's replaying {@code nvidia-smi}
 * (there is no GPU here) first on the agent's {@code PATH}, and a GPU lock directory of its own, which the global
 * configuration names. Whether a lease is still held is asked the way another run would: by leasing every GPU at
 * once, from this JVM (the agent is another process, so its OS locks count).
 */
final class ReplayedGpuHost {

    private final Path bin;
    private final Path locks;

    private ReplayedGpuHost(Path bin, Path locks) {
        this.bin = bin;
        this.locks = locks;
    }

    /** Installs the host under {@code dir} and makes it the global configuration's lock directory. */
    static ReplayedGpuHost h200x2(Path dir) throws IOException {
        Path bin = NvidiaSmiStandIn.install(dir, NvidiaSmiStandIn.H200X2, "query-gpu.csv", "compute-apps-idle.csv");
        ReplayedGpuHost host = new ReplayedGpuHost(bin, Files.createDirectories(dir.resolve("locks")));
        GpuTrainingConfiguration.get().setGpuLockDirectory(host.locks.toString());
        return host;
    }

    /** The directory of the replaying nvidia-smi. */
    Path bin() {
        return bin;
    }

    /** The agent process' environment: the replaying nvidia-smi first on its PATH. */
    EnvVars agentEnvironment() {
        return new EnvVars("PATH", bin + ":" + System.getenv("PATH"));
    }

    /** The GPUs' UUIDs, as the leases name them. */
    List<String> gpus() throws InterruptedException {
        return HostGpuProbe.at(bin.resolve("nvidia-smi")).probe().gpus().stream().map(GpuInfo::uuid).toList();
    }

    /** Fails when some GPU of the host cannot be leased at once. */
    void assertNoLeaseHeld() throws InterruptedException {
        List<String> gpus = gpus();
        try (GpuLease all = new GpuAllocator(locks, gpus).acquire(GpuRequest.all(), Duration.ZERO, "test: is a lease left?",
                LogSink.discarding())) {
            if (!all.deviceIds().containsAll(gpus)) {
                fail("leased only " + all.deviceIds() + " of " + gpus);
            }
        } catch (GpuLeaseTimeoutException e) {
            fail("a GPU lease is still held: " + e.getMessage());
        }
    }

    /** Fails unless some GPU of the host is held by another run now. */
    void assertLeaseHeld() throws InterruptedException {
        try (GpuLease all = new GpuAllocator(locks, gpus()).acquire(GpuRequest.all(), Duration.ZERO, "test: is a lease held?",
                LogSink.discarding())) {
            fail("every GPU could be leased: " + all.deviceIds());
        } catch (GpuLeaseTimeoutException expected) {
            // another process holds them
        }
    }
}
