package io.gputraining.bench;

import io.gputraining.engine.LogSink;
import io.gputraining.engine.docker.DockerEndpoint;
import io.gputraining.engine.docker.DockerImages;
import io.gputraining.engine.docker.DockerRuntime;
import io.gputraining.engine.image.ImageRequest;
import io.gputraining.engine.image.ManifestDigestResolver;
import io.gputraining.engine.preflight.GpuHealthCheck;
import io.gputraining.engine.preflight.HealthCheckRequest;
import io.gputraining.engine.preflight.PreflightPolicy;
import io.gputraining.engine.preflight.PreflightReport;
import io.gputraining.engine.preflight.Verdict;
import io.gputraining.engine.preflight.host.HostGpuProbe;
import io.gputraining.engine.runtime.ContainerRuntime;
import io.gputraining.engine.runtime.GpuRequest;
import io.gputraining.engine.runtime.HostUser;
import io.gputraining.engine.runtime.LocalRuntime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * P2, the engine's figure: the preflight as a Jenkins agent runs it (a JVM that is already up and has run one
 * preflight), timed by this program's clock around {@link GpuHealthCheck#run}, not by the report's own timings;
 * alternating with a bare {@code import torch} in the same place, timed the same way. Any run that does not end
 * with a passing report (or a bare import that fails) stops the benchmark with exit status 1.
 *
 * <p>Usage: {@code PreflightBenchmark docker IMAGE [runs]} (the probe in a container of IMAGE, no GPUs, CPU
 * fallback allowed: the CPU form) or {@code PreflightBenchmark local [runs]} (this host is the image: all its
 * GPUs, all-reduce left out, as the goal says).
 */
public final class PreflightBenchmark {

    private PreflightBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        boolean docker = args[0].equals("docker");
        String image = docker ? args[1] : null;
        int runs = Integer.parseInt(args.length > (docker ? 2 : 1) ? args[docker ? 2 : 1] : "5");
        String dockerCli = System.getenv().getOrDefault("DOCKER_CLI", "docker");
        List<String> bareImport = docker
                ? List.of(dockerCli, "run", "--rm", "--network", "none", image, "python3", "-c", "import torch")
                : List.of("python3", "-c", "import torch");
        try (ContainerRuntime runtime = docker ? DockerRuntime.connect(DockerEndpoint.fromEnvironment()) : new LocalRuntime()) {
            DockerImages images = docker ? new DockerImages(((DockerRuntime) runtime).client(), ManifestDigestResolver.withDefaults()) : null;
            GpuHealthCheck check = new GpuHealthCheck(runtime, images, HostGpuProbe.onPath(System.getenv("PATH")));
            HealthCheckRequest request = docker
                    ? HealthCheckRequest.builder().image(ImageRequest.of(image)).gpus(GpuRequest.none()).owner("bench")
                            .policy(PreflightPolicy.builder().allowCpuFallback(true).build()).user(HostUser.current()).build()
                    : HealthCheckRequest.builder().gpus(GpuRequest.all()).owner("bench")
                            .policy(PreflightPolicy.builder().skipAllReduce(true).build()).build();
            preflight(check, request); // warm-up: the image present, the JIT and the page cache warm, as on a busy agent
            Timings bare = new Timings("bare import torch");
            Timings engine = new Timings("engine preflight (outside clock)");
            List<Long> reported = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                bare.time(() -> shell(bareImport));
                engine.time(() -> reported.add(preflight(check, request).timings().totalMillis()));
            }
            System.out.println(bare.row());
            System.out.println(engine.row());
            System.out.println(String.format(Locale.ROOT, "P2 engine preflight %s: median %.2f s vs bare import %.2f s: %+.2f s"
                            + " (goal <= +0.50 s); the reports' own totals: %s ms",
                    docker ? "(CPU form, docker)" : "(local runtime, all GPUs, all-reduce excluded)",
                    engine.median() / 1000, bare.median() / 1000, (engine.median() - bare.median()) / 1000, reported));
        }
    }

    private static PreflightReport preflight(GpuHealthCheck check, HealthCheckRequest request) throws Exception {
        PreflightReport report = check.run(request, LogSink.discarding(), p -> { });
        if (report.overall() == Verdict.Level.FAIL) {
            System.err.println("the preflight FAILED, so its time is no figure: " + report.failed());
            System.exit(1);
        }
        return report;
    }

    private static void shell(List<String> argv) throws Exception {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        int code = p.waitFor();
        if (code != 0) {
            System.err.println(String.join(" ", argv) + " exited " + code + "; no figure");
            System.exit(1);
        }
    }
}
