package io.gputraining.reliability.input;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One bad input: the CLI arguments (a valid training changed in one place), the exit code and the words the
 * error must say, the environment the CLI gets, and whether the fault can only show after the training ran
 * (a link the script made, files it did not write, a password the registry refuses).
 *
 * @param name          the trial row
 * @param args          the arguments, from the case's fixture
 * @param exitCode      the CLI's exit code ({@code 2} usage, {@code 200} engine error, {@code 201}–{@code 203})
 * @param says          fragments the stderr must contain: what is wrong and what to do
 * @param env           variables added to the CLI's environment
 * @param afterTraining the run's output directory may keep what the script wrote
 */
record BadInput(String name, Function<BadInputFixture, List<String>> args, int exitCode, List<String> says,
                Function<BadInputFixture, Map<String, String>> env, boolean afterTraining) {

    static BadInput of(String name, Function<BadInputFixture, TrainArgs> args, int exitCode, String... says) {
        return new BadInput(name, f -> args.apply(f).toList(), exitCode, List.of(says), f -> Map.of(), false);
    }

    BadInput withEnv(Function<BadInputFixture, Map<String, String>> variables) {
        return new BadInput(name, args, exitCode, says, variables, afterTraining);
    }

    BadInput afterTheTraining() {
        return new BadInput(name, args, exitCode, says, env, true);
    }

    @Override
    public String toString() {
        return name;
    }
}
