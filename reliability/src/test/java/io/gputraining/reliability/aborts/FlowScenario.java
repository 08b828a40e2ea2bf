package io.gputraining.reliability.aborts;

import io.gputraining.engine.ProgressListener;
import io.gputraining.engine.docker.DockerImages;
import io.gputraining.engine.docker.DockerRuntime;
import io.gputraining.engine.image.ImageRequest;
import io.gputraining.engine.image.ManifestDigestResolver;
import io.gputraining.engine.preflight.PreflightPolicy;
import io.gputraining.engine.preflight.host.HostGpuProbe;
import io.gputraining.engine.runtime.ContainerRuntime;
import io.gputraining.engine.runtime.GpuRequest;
import io.gputraining.engine.runtime.HostUser;
import io.gputraining.engine.runtime.LocalRuntime;
import io.gputraining.engine.testing.TestEnvironment;
import io.gputraining.engine.train.TrainingFlow;
import io.gputraining.engine.train.TrainingRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A {@link TrainingFlow} in this JVM, as the plugin runs it on an agent, whose thread a trial interrupts
 * the way a Jenkins abort arrives. The same trainings as the CLI's {@link CliScenario#TRAIN_DOCKER_CPU},
 * {@link CliScenario#TRAIN_LOCAL_GPU} and {@link CliScenario#TRAIN_PODMAN_CPU}, with the same phases.
 */
enum FlowScenario {

    DOCKER_CPU("flow docker cpu", CliScenario.TRAIN_DOCKER_CPU),
    LOCAL_GPU("flow local gpu", CliScenario.TRAIN_LOCAL_GPU),
    PODMAN_CPU("flow podman cpu", CliScenario.TRAIN_PODMAN_CPU);

    private final String label;
    private final CliScenario sameAs;

    FlowScenario(String label, CliScenario sameAs) {
        this.label = label;
        this.sameAs = sameAs;
    }

    String label() {
        return label;
    }

    List<Phase> phases() {
        // No JVM to start here, and none competing for the CPU: the first phase (the image, or the GPU probe and
        // lease) takes moments, the others about half as long as under the CLI.
        List<Phase> phases = new ArrayList<>();
        phases.add(Phase.atStart(sameAs.phases().get(0).name(), 40));
        sameAs.phases().stream().skip(1).map(p -> new Phase(p.name(), p.marker(), Math.max(20, p.maxDelayMillis() / 2))).forEach(phases::add);
        return phases;
    }

    /** Where its containers run. */
    TrialDaemon daemon() {
        return sameAs.daemon();
    }

    /** Runs the flow in the calling thread; the runtime is closed at the end, as the CLI and the plugin do. */
    void run(TrialSite site, TrialRegistry registry, String owner, TrackingSink sink) throws InterruptedException {
        boolean docker = this != LOCAL_GPU; // in containers: Docker's or Podman's
        try (ContainerRuntime runtime = docker ? DockerRuntime.connect(daemon().endpoint())
                : new LocalRuntime(LocalRuntime.DEFAULT_KILL_GRACE, site.processLedger())) {
            DockerImages images = docker ? new DockerImages(((DockerRuntime) runtime).client(), ManifestDigestResolver.withDefaults()) : null;
            HostGpuProbe gpus = HostGpuProbe.at(site.standInBin().resolve("nvidia-smi"));
            TrainingRequest request = TrainingRequest.builder()
                    .image(docker ? ImageRequest.builder(TestEnvironment.torchImage()).requirePinned(true).build() : null)
                    .command(docker ? CliScenario.dockerTraining() : List.of("python3", site.workspace().resolve("train_stdlib.py").toString()))
                    .workspace(site.workspace().toString())
                    .env(Map.of("CHECKPOINT_MIB", Integer.toString(registry.checkpointMiB())))
                    .gpus(docker ? GpuRequest.none() : GpuRequest.count(1))
                    .preflight(docker ? PreflightPolicy.builder().allowCpuFallback(true).build() : null)
                    .artifacts(docker ? List.of("model.pt", "metrics.json", "checkpoint.bin") : List.of("model.pt", "metrics.json"))
                    .modelName(TrialRegistry.modelName(site)).owner(owner).user(docker ? HostUser.current() : null)
                    .gpuLockDirectory(site.gpuLocks().toString()).gpuWait(Duration.ZERO)
                    .build();
            new TrainingFlow(runtime, images, gpus, registry.open(site))
                    .run(request, sink, ProgressListener.ignoring());
        }
    }
}
