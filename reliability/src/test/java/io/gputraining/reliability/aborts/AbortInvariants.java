package io.gputraining.reliability.aborts;

import io.gputraining.engine.LogSink;
import io.gputraining.engine.gpu.GpuAllocator;
import io.gputraining.engine.gpu.GpuLease;
import io.gputraining.engine.gpu.GpuLeaseTimeoutException;
import io.gputraining.engine.preflight.host.GpuInfo;
import io.gputraining.engine.preflight.host.HostGpuProbe;
import io.gputraining.engine.runtime.GpuRequest;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * What must hold once an aborted run is over and the sweeper has run, each checked by its own means:
 * <ul>
 *   <li>no container of the trial is left ({@code docker ps -a} or {@code podman ps -a}, by our labels);</li>
 *   <li>no GPU lease is held: every GPU of the host can be leased at once, without waiting;</li>
 *   <li>no process of the trial is left running on the host (the local runtime's "container");</li>
 *   <li>the registry holds complete, verifiable versions only (see {@link LocalRegistryAudit},
 *       {@link OciRegistryAudit}, {@link MlflowRegistryAudit}).</li>
 * </ul>
 */
final class AbortInvariants {

    /** @param versions complete versions in the trial's registry */
    record Findings(List<String> problems, int versions, int containersLeft) {
    }

    private AbortInvariants() {
    }

    /**
     * @param daemon   where the trial's containers ran
     * @param ofTrial which of our containers belong to the trial
     * @param site     the trial's directories: lock directory, workspace (named by its processes)
     * @param registry where the trial's model went
     */
    static Findings check(TrialDaemon daemon, Predicate<DaemonContainers.Ours> ofTrial, TrialSite site, TrialRegistry registry)
            throws IOException, InterruptedException {
        List<String> problems = new ArrayList<>();
        List<DaemonContainers.Ours> left = DaemonContainers.matching(daemon, ofTrial);
        if (!left.isEmpty()) {
            problems.add(left.size() + " container(s) left after the sweeper: " + left);
        }
        heldGpus(site).ifPresent(problems::add);
        List<String> strays = ProcessHandle.allProcesses()
                .filter(p -> p.pid() != ProcessHandle.current().pid() && p.isAlive())
                .filter(p -> p.info().commandLine().map(c -> c.contains(site.workspace().toString())).orElse(false))
                .map(p -> p.pid() + " (" + p.info().commandLine().orElse("?") + ")")
                .toList();
        if (!strays.isEmpty()) {
            problems.add("process(es) of the run still running: " + String.join(", ", strays));
        }
        RegistryAudit held = registry.audit(site);
        problems.addAll(held.problems());
        return new Findings(problems, held.versions(), left.size());
    }

    /** A problem when some GPU of the stand-in host cannot be leased at once. */
    private static Optional<String> heldGpus(TrialSite site) throws InterruptedException {
        List<String> inventory = HostGpuProbe.at(site.standInBin().resolve("nvidia-smi")).probe().gpus().stream()
                .map(GpuInfo::uuid).toList();
        try (GpuLease all = new GpuAllocator(site.gpuLocks(), inventory)
                .acquire(GpuRequest.all(), Duration.ZERO, "abort audit", LogSink.discarding())) {
            return all.deviceIds().size() == inventory.size() ? Optional.empty()
                    : Optional.of("leased only " + all.deviceIds() + " of " + inventory);
        } catch (GpuLeaseTimeoutException e) {
            return Optional.of("GPU lease still held: " + e.getMessage());
        }
    }
}
