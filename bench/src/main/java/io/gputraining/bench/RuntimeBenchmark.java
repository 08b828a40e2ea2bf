package io.gputraining.bench;

import io.gputraining.engine.LogSink;
import io.gputraining.engine.ProgressListener;
import io.gputraining.engine.docker.DockerEndpoint;
import io.gputraining.engine.docker.DockerImages;
import io.gputraining.engine.docker.DockerRuntime;
import io.gputraining.engine.image.ImageRequest;
import io.gputraining.engine.image.ManifestDigestResolver;
import io.gputraining.engine.image.PreparedImage;
import io.gputraining.engine.runtime.ContainerSession;
import io.gputraining.engine.runtime.ContainerSpec;
import io.gputraining.engine.runtime.ExecSpec;
import java.util.List;
import java.util.Locale;

/**
 * P1: a one-shot {@code true} through the engine vs {@code docker run --rm IMAGE true}, and an exec in a
 * session vs {@code docker exec}, in the same run, alternating so that drift hits both sides alike.
 * P4: ensuring an already-present pinned image: bytes pulled and time, vs {@code docker pull IMAGE@digest}.
 *
 * <p>Usage: {@code RuntimeBenchmark IMAGE@sha256:... [iterations]} (scripts/bench passes the test image).
 */
public final class RuntimeBenchmark {

    private RuntimeBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String image = args[0];
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        String docker = System.getenv().getOrDefault("DOCKER_CLI", "docker");
        LogSink quiet = LogSink.discarding();
        System.out.println("gpu-training runtime benchmark — image " + image + ", " + n + " iterations each");
        try (DockerRuntime runtime = DockerRuntime.connect(DockerEndpoint.fromEnvironment())) {
            System.out.println("daemon: " + runtime.describe() + ", cores: " + Runtime.getRuntime().availableProcessors());
            ContainerSpec oneShot = ContainerSpec.builder(image).command("true").owner("bench").build();

            Timings engineRun = new Timings("P1 engine one-shot `true`");
            Timings cliRun = new Timings("P1 docker run --rm --network none IMAGE true");
            for (int i = 0; i < 2; i++) { // warm-up: page cache, connection pool, JIT
                runtime.run(oneShot, quiet);
                shell(docker, "run", "--rm", "--network", "none", image, "true");
            }
            for (int i = 0; i < n; i++) {
                engineRun.time(() -> runtime.run(oneShot, quiet));
                cliRun.time(() -> shell(docker, "run", "--rm", "--network", "none", image, "true"));
            }

            Timings engineExec = new Timings("P1 engine exec `true` in a session");
            Timings cliExec = new Timings("P1 docker exec CONTAINER true");
            try (ContainerSession session = runtime.start(ContainerSpec.builder(image).owner("bench").build(), quiet)) {
                for (int i = 0; i < 2; i++) {
                    session.exec(ExecSpec.of("true"), quiet);
                    shell(docker, "exec", session.id(), "true");
                }
                for (int i = 0; i < n; i++) {
                    engineExec.time(() -> session.exec(ExecSpec.of("true"), quiet));
                    cliExec.time(() -> shell(docker, "exec", session.id(), "true"));
                }
            }

            DockerImages images = new DockerImages(runtime.client(), ManifestDigestResolver.withDefaults());
            Timings ensure = new Timings("P4 engine ensure (pinned, present)");
            Timings dockerPull = new Timings("P4 docker pull IMAGE@digest (present)");
            long[] bytes = new long[1];
            for (int i = 0; i < n; i++) {
                ensure.time(() -> {
                    PreparedImage p = images.ensure(ImageRequest.of(image), quiet, ProgressListener.ignoring());
                    bytes[0] += p.bytesDownloaded();
                });
                dockerPull.time(() -> shell(docker, "pull", "-q", image));
            }

            System.out.println();
            for (Timings t : List.of(engineRun, cliRun, engineExec, cliExec, ensure, dockerPull)) {
                System.out.println(t.row());
            }
            System.out.println();
            System.out.println(String.format(Locale.ROOT, "P1 one-shot ratio engine/docker-run: %.2fx (goal <= 1.10x)",
                    engineRun.median() / cliRun.median()));
            System.out.println(String.format(Locale.ROOT, "P1 exec ratio engine/docker-exec:    %.2fx (goal <= 1.10x)",
                    engineExec.median() / cliExec.median()));
            System.out.println(String.format(Locale.ROOT, "P4 ensure present pinned image: %d bytes pulled in %d calls (goal 0), median %.1f ms"
                    + " vs docker pull %.1f ms", bytes[0], n, ensure.median(), dockerPull.median()));
        }
    }

    private static void shell(String... argv) throws Exception {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        int code = p.waitFor();
        if (code != 0) {
            throw new IllegalStateException(String.join(" ", argv) + " exited " + code);
        }
    }
}
