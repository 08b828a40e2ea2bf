package io.gputraining.cli;

import io.gputraining.engine.image.InvalidPullPolicyException;
import io.gputraining.engine.image.PullPolicy;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** {@code --pull POLICY}, as {@code docker run} takes it; configurable as {@code pull=} or {@code GPU_TRAINING_PULL}. */
final class PullOption {

    @Option(names = "--pull", paramLabel = "POLICY", converter = Words.class,
            description = "When to pull the image: missing, always or never, as docker run --pull means them; or "
                    + PullPolicy.DEFAULT_WORD + ": ask the registry what a tag names now, and run an image only this daemon"
                    + " has (built or loaded) pinned to its ID. Default: " + PullPolicy.DEFAULT_WORD)
    PullPolicy policy;

    /** The policy given, or null for the engine's default. */
    PullPolicy policy() {
        return policy;
    }

    /** Reads the words with the engine's own message for a wrong one. */
    static final class Words implements ITypeConverter<PullPolicy> {
        @Override
        public PullPolicy convert(String value) {
            try {
                return PullPolicy.parse(value);
            } catch (InvalidPullPolicyException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
