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
        // The host's nvidia-smi reading and the runtime's facts run while the probe imports torch (seconds),
        // instead of before it: HostReadingOrder checks that the reading ended before the probe could touch a GPU.
        Overlapped<HostGpuEvidence> host = Overlapped.start("preflight-host-reading", () -> probeHost(request, log));
        Overlapped<RuntimeReading> runtimeReading = null;
        try {
            PreparedImage image = imageSource.get();
            runtimeReading = Overlapped.start("preflight-runtime-facts", () -> readRuntime(request));

            log.message("Probing " + (image == null ? "this agent's Python" : image.describe()) + " with GPUs: " + request.gpus());
            ContainerSpec container = ContainerSpec.builder(image == null ? "local" : image.daemonReference())
                    .gpus(request.gpus())
                    .owner(request.owner())
                    .user(request.user())
                    .build();
            ProbeOptions options = request.policy().skipAllReduce() ? request.probeOptions().withoutAllReduce() : request.probeOptions();
            long probeStarted = System.nanoTime();
            ImageProbeRun.Result probe = new ImageProbeRun(runtime, script).run(container, request.python(), options, log);
            long done = System.nanoTime();

            HostGpuEvidence hostEvidence = host.await();
            long hostMillis = host.millis();
            if (!HostReadingOrder.endedBeforeAnyGpuUse(host.endedNanos(), probeStarted, probe.evidence())) {
                log.message("The GPU reading ended after the probe may have started using a GPU; reading the GPUs again.");
                long again = System.nanoTime();
                hostEvidence = probeHost(request, log);
                hostMillis += millis(again, System.nanoTime());
                done = System.nanoTime();
            }
            RuntimeReading reading = runtimeReading.await();
            RuntimeFacts facts = reading.facts();
            RuntimeGpuSupport support = facts.containers()
                    ? RuntimeGpuSupport.daemon(facts.description(), facts.registeredRuntimes(), probe.gpuRequestError(), reading.cdi())
                    : RuntimeGpuSupport.local();
            PreflightEvidence evidence = new PreflightEvidence(
                    image == null ? null : image.pinned().toString(), image == null ? null : image.digest(),
                    request.gpus(), hostEvidence, support, probe.evidence(),
                    new PreflightTimings(hostMillis, runtimeReading.millis(), millis(probeStarted, done), millis(started, done)));
            PreflightReport report = VerdictRules.standard().report(request.policy(), evidence, request.keepEvidence());
            new PreflightSummaryTable().writeTo(report, log);
            return report;
        } finally {
            host.cancel();
            if (runtimeReading != null) {
                runtimeReading.cancel();
            }
        }
    }

    /** What the runtime says about GPUs: its facts, and on a daemon how the request's GPUs would be given (CDI). */
    private record RuntimeReading(RuntimeFacts facts, CdiEvidence cdi) {
    }

    private RuntimeReading readRuntime(HealthCheckRequest request) {
        RuntimeFacts facts = runtime.facts();
        return new RuntimeReading(facts, facts.containers() ? CdiEvidence.gather(runtime.gpuAccess(request.gpus()), facts.cdi()) : null);
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

    /** The image to probe, ensured while the host is read (a pull must not delay the host snapshot). */
    @FunctionalInterface
    private interface ImageSource {
        PreparedImage get() throws InterruptedException;
    }
}
