package io.gputraining.reliability.input;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The arguments of a {@code gpu-training train} that would succeed, changed in one place by each bad-input case,
 * so that the one thing wrong is the thing the case is about.
 */
final class TrainArgs {

    private final String subcommand;
    private final Map<String, List<String>> options = new LinkedHashMap<>();
    private List<String> command = new ArrayList<>();

    private TrainArgs(String subcommand) {
        this.subcommand = subcommand;
    }

    /** A valid training in the torch image: no GPUs, no preflight, model.pt registered in the fixture's local registry. */
    static TrainArgs valid(BadInputFixture f) {
        return new TrainArgs("train").set("--image", f.torchImage()).set("--gpus", "none").flag("--no-preflight")
                .set("--model", f.model()).set("--registry", "local:" + f.registry()).set("--workspace", f.workspace().toString())
                .set("--artifacts", "model.pt").command("python3", "train.py");
    }

    /** A valid {@code gpu-training run} in the busybox image. */
    static TrainArgs validRun(BadInputFixture f) {
        return new TrainArgs("run").set("--image", f.smallImage()).set("--gpus", "none").set("--workspace", f.workspace().toString())
                .command("true");
    }

    TrainArgs set(String option, String value) {
        options.put(option, new ArrayList<>(List.of(value)));
        return this;
    }

    TrainArgs add(String option, String value) {
        options.computeIfAbsent(option, k -> new ArrayList<>()).add(value);
        return this;
    }

    TrainArgs flag(String option) {
        options.put(option, List.of());
        return this;
    }

    TrainArgs remove(String option) {
        options.remove(option);
        return this;
    }

    TrainArgs command(String... words) {
        command = List.of(words);
        return this;
    }

    List<String> toList() {
        List<String> args = new ArrayList<>(List.of(subcommand));
        options.forEach((option, values) -> {
            if (values.isEmpty()) {
                args.add(option);
            }
            values.forEach(v -> {
                args.add(option);
                args.add(v);
            });
        });
        args.add("--");
        args.addAll(command);
        return args;
    }
}
