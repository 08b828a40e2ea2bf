package io.gputraining.reliability.aborts;

import io.gputraining.engine.testing.TestEnvironment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the CLI is asked to do in an abort trial, and the phases of it that an abort can land in. Between
 * them the scenarios pass every phase of {@code train} and {@code run}: the image, the GPU lease (from the
 * {@code nvidia-smi} stand-in), the preflight, the training, the artifacts, the registration.
 * The CPU training and the {@code run} go to Podman's rootful service too, through its Docker-compatible socket.
 * <p>Docker here has no NVIDIA runtime, so a container cannot get GPUs: with GPUs on Docker the engine leases
 * them and the preflight's container is refused them (the run ends with the preflight's FAIL, exit 201, as it
 * would on such an agent); a training under a lease runs on the local runtime, as on an agent that is the image.
 */
enum CliScenario {

    /** {@code train} in the PyTorch image on the CPU, through preflight to registration. */
    TRAIN_DOCKER_CPU("train docker cpu", TrialDaemon.DOCKER, 0, trainCpuPhases()),

    /** {@code train} on the local runtime under a lease of one of the two stand-in GPUs. */
    TRAIN_LOCAL_GPU("train local gpu", TrialDaemon.DOCKER, 0, List.of(
            Phase.atStart("startup", 1000),
            Phase.after("Leased GPU", "lease", 50),
            Phase.after("Training: ", "training", 2800),
            Phase.after("checkpoint: done", "artifacts", 300),
            Phase.after("Registering ", "registration", 500),
            Phase.after("Registered ", "registered", 100))),

    /** {@code train} with a GPU on Docker: image, lease, and the preflight whose container is refused the GPU. */
    TRAIN_DOCKER_GPU("train docker gpu", TrialDaemon.DOCKER, 201, List.of(
            Phase.atStart("image", 900),
            Phase.after("Leased GPU", "lease", 150),
            Phase.after("Probing ", "preflight", 400))),

    /** {@code run}: a command in the PyTorch image, printing while it runs. */
    RUN_DOCKER("run docker", TrialDaemon.DOCKER, 0, runPhases()),

    /** {@code train docker cpu} on Podman's rootful service. */
    TRAIN_PODMAN_CPU("train podman cpu", TrialDaemon.PODMAN, 0, trainCpuPhases()),

    /** {@code run docker} on Podman's rootful service. */
    RUN_PODMAN("run podman", TrialDaemon.PODMAN, 0, runPhases());

    private final String label;
    private final TrialDaemon daemon;
    private final int exitWhenLeftAlone;
    private final List<Phase> phases;

    CliScenario(String label, TrialDaemon daemon, int exitWhenLeftAlone, List<Phase> phases) {
        this.label = label;
        this.daemon = daemon;
        this.exitWhenLeftAlone = exitWhenLeftAlone;
        this.phases = phases;
    }

    private static List<Phase> trainCpuPhases() {
        return List.of(
                Phase.atStart("image", 900),
                Phase.after("Probing ", "preflight", 3000),
                Phase.after("Training: ", "training", 1000),
                Phase.after("checkpoint: done", "artifacts", 300),
                Phase.after("Registering ", "registration", 500),
                Phase.after("Registered ", "registered", 100));
    }

    private static List<Phase> runPhases() {
        return List.of(
                Phase.atStart("image", 1000),
                Phase.after("tick 1", "running", 3500));
    }

    /** Where its containers run. */
    TrialDaemon daemon() {
        return daemon;
    }

    String label() {
        return label;
    }

    /** The exit code of a run that no abort reached. */
    int exitWhenLeftAlone() {
        return exitWhenLeftAlone;
    }

    List<Phase> phases() {
        return phases;
    }

    /** Whether a run left alone ends with a registered version. */
    boolean registers() {
        return this == TRAIN_DOCKER_CPU || this == TRAIN_LOCAL_GPU || this == TRAIN_PODMAN_CPU;
    }

    /** The training command of the registering scenarios, writing a checkpoint of $CHECKPOINT_MIB MiB after it. */
    static List<String> dockerTraining() {
        return List.of("sh", "-c", "python3 train.py --epochs 3 && head -c $((CHECKPOINT_MIB * 1048576)) /dev/urandom"
                + " > \"$GPU_TRAINING_OUTPUT_DIR/checkpoint.bin\" && echo \"checkpoint:\" done");
    }

    /** The CLI's arguments for this trial, registering in {@code registry} (which only the training scenarios use). */
    List<String> args(TrialSite site, TrialRegistry registry) {
        String ws = site.workspace().toString();
        List<String> common = new ArrayList<>(List.of("--model", TrialRegistry.modelName(site), "--workspace", ws,
                "--gpu-lock-dir", site.gpuLocks().toString(), "--gpu-wait-seconds", "0",
                "-e", "CHECKPOINT_MIB=" + registry.checkpointMiB()));
        common.addAll(registry.cliArgs(site));
        List<String> args = new ArrayList<>();
        switch (this) {
            case TRAIN_DOCKER_CPU, TRAIN_PODMAN_CPU -> {
                args.addAll(List.of("train", "--image", TestEnvironment.torchImage(), "--gpus", "none", "--allow-cpu-fallback",
                        "--artifacts", "model.pt,metrics.json,checkpoint.bin"));
                args.addAll(daemon.cliArgs());
                args.addAll(common);
                args.add("--");
                args.addAll(dockerTraining());
            }
            case TRAIN_LOCAL_GPU -> {
                args.addAll(List.of("train", "--runtime", "local", "--gpus", "1", "--no-preflight", "--artifacts", "model.pt,metrics.json"));
                args.addAll(common);
                args.addAll(List.of("--", "python3", site.workspace().resolve("train_stdlib.py").toString()));
            }
            case TRAIN_DOCKER_GPU -> {
                args.addAll(List.of("train", "--image", TestEnvironment.torchImage(), "--gpus", "1"));
                args.addAll(common);
                args.addAll(List.of("--", "python3", "train.py"));
            }
            case RUN_DOCKER, RUN_PODMAN -> {
                args.addAll(List.of("run", "--image", TestEnvironment.torchImage(), "--gpus", "none", "--workspace", ws, "--owner", "abort-" + site.id()));
                args.addAll(daemon.cliArgs());
                args.addAll(List.of("--", "sh", "-c", "i=0; while [ $i -lt 8 ]; do i=$((i+1)); echo tick $i; sleep 0.5; done"));
            }
        }
        return args;
    }

    /** The CLI's environment for this trial: the nvidia-smi stand-in where GPUs are asked for, the registry's secret. */
    Map<String, String> environment(TrialSite site, TrialRegistry registry) {
        Map<String, String> env = new HashMap<>(registry.cliEnvironment());
        if (this == TRAIN_LOCAL_GPU || this == TRAIN_DOCKER_GPU) {
            env.putAll(site.environmentWithGpus());
        }
        return env;
    }
}
