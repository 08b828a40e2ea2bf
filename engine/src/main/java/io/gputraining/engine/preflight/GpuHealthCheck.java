package io.gputraining.engine.preflight;

import io.gputraining.engine.EngineException;
import io.gputraining.engine.LogSink;
import io.gputraining.engine.ProgressListener;
import io.gputraining.engine.docker.DockerImages;
import io.gputraining.engine.image.PreparedImage;
import io.gputraining.engine.preflight.host.HostGpuProbe;
import io.gputraining.engine.preflight.host.NoNvidiaDriverException;
import io.gputraining.engine.preflight.host.NvidiaSmiFailedException;
import io.gputraining.engine.preflight.probe.ProbeOptions;
import io.gputraining.engine.preflight.probe.ProbeScript;
import io.gputraining.engine.runtime.ContainerRuntime;
import io.gputraining.engine.runtime.ContainerSpec;
import io.gputraining.engine.runtime.RuntimeFacts;

/**
 * The preflight behind {@code gpuHealthCheck}: reads the agent's GPUs (nvidia-smi), makes the pinned image
 * present, runs the probe in it with the GPUs the training would get, and judges all three layers under
 * the caller's policy. Returns the report; the caller decides what a FAIL does to the build.
 */
public final class GpuHealthCheck {

    private final ContainerRuntime runtime;
    private final DockerImages images;
    private final HostGpuProbe hostProbe;
    private final ProbeScript script;

    /**
     * @param runtime   where the probe runs
     * @param images    the daemon's images, or null for the local runtime (no image to pull)
     * @param hostProbe the agent's nvidia-smi
     */
    public GpuHealthCheck(ContainerRuntime runtime, DockerImages images, HostGpuProbe hostProbe) {
        this.runtime = runtime;
        this.images = images;
        this.hostProbe = hostProbe;
        this.script = ProbeScript.load();
    }

    /** Ensures the request's image (pinned, pulled when missing), then checks the host and inside the image. */
    public PreflightReport run(HealthCheckRequest request, LogSink log, ProgressListener progress) throws InterruptedException {
        return run(request, () -> ensureImage(request, log, progress), log);
    }

    /**
     * Checks with an image the caller has already ensured (the training flow, which pulls once for the
     * preflight and the training); {@code image} is null on the local runtime.
     */
    public PreflightReport run(HealthCheckRequest request, PreparedImage image, LogSink log) throws InterruptedException {
        return run(request, () -> image, log);
    }

    private PreparedImage ensureImage(HealthCheckRequest request, LogSink log, ProgressListener progress) throws InterruptedException {
        if (images == null) {
            return null;
        }
        if (request.image() == null) {
            throw new EngineException("A health check on Docker needs an image to check inside: give the pinned PyTorch image the training uses.");
        }
        return images.ensure(request.image(), log, progress);
    }

    private PreflightReport run(HealthCheckRequest request, ImageSource imageSource, LogSink log) throws InterruptedException {
        long started = System.nanoTime();
        // The host first: once the probe runs, its own processes would count against "idle" and free memory.
        HostGpuEvidence host = probeHost(request, log);
        long hostDone = System.nanoTime();

        PreparedImage image = imageSource.get();
        RuntimeFacts facts = runtime.facts();
        CdiEvidence cdi = facts.containers() ? CdiEvidence.gather(runtime.gpuAccess(request.gpus()), facts.cdi()) : null;
        long runtimeDone = System.nanoTime();

        log.message("Probing " + (image == null ? "this agent's Python" : image.describe()) + " with GPUs: " + request.gpus());
        ContainerSpec container = ContainerSpec.builder(image == null ? "local" : image.daemonReference())
                .gpus(request.gpus())
                .owner(request.owner())
                .user(request.user())
                .build();
        ProbeOptions options = request.policy().skipAllReduce() ? request.probeOptions().withoutAllReduce() : request.probeOptions();
        ImageProbeRun.Result probe = new ImageProbeRun(runtime, script).run(container, request.python(), options, log);
        long done = System.nanoTime();

        RuntimeGpuSupport support = facts.containers()
                ? RuntimeGpuSupport.daemon(facts.description(), facts.registeredRuntimes(), probe.gpuRequestError(), cdi)
                : RuntimeGpuSupport.local();
        PreflightEvidence evidence = new PreflightEvidence(
                image == null ? null : image.pinned().toString(), image == null ? null : image.digest(),
                request.gpus(), host, support, probe.evidence(),
                new PreflightTimings(millis(started, hostDone), millis(hostDone, runtimeDone), millis(runtimeDone, done), millis(started, done)));
        PreflightReport report = VerdictRules.standard().report(request.policy(), evidence, request.keepEvidence());
        new PreflightSummaryTable().writeTo(report, log);
        return report;
    }

    private HostGpuEvidence probeHost(HealthCheckRequest request, LogSink log) throws InterruptedException {
        if (request.gpus().wantsNone()) {
            return HostGpuEvidence.notProbed("no GPUs were asked for");
        }
        try {
            return HostGpuEvidence.read(hostProbe.probe());
        } catch (NoNvidiaDriverException e) {
            return HostGpuEvidence.noDriver(e);
        } catch (NvidiaSmiFailedException e) {
            return HostGpuEvidence.nvidiaSmiFailed(e);
        } catch (EngineException e) {
            log.message("Could not read the agent's GPUs: " + e.getMessage());
            return HostGpuEvidence.notProbed("nvidia-smi's output could not be read: " + e.getMessage());
        }
    }

    private static long millis(long fromNanos, long toNanos) {
        return (toNanos - fromNanos) / 1_000_000;
    }

    /** The image to probe, obtained after the host was read (a pull must not delay the host snapshot). */
    @FunctionalInterface
    private interface ImageSource {
        PreparedImage get() throws InterruptedException;
    }
}
