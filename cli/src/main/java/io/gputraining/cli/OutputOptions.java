package io.gputraining.cli;

import java.io.PrintStream;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * How a command reports: for people (results on stdout, engine messages and progress on stderr), or with
 * {@code --json} for machines — one JSON document on stdout and everything else, a command's own output
 * included, on stderr.
 */
final class OutputOptions {

    @Option(names = "--json", description = "Print one JSON document on stdout (docs/cli.md); human text and progress go to stderr.")
    boolean json;

    /** Where the result lines for people go: stdout, or stderr under {@code --json}. */
    PrintStream human() {
        return json ? System.err : System.out;
    }

    /** The engine's log: process output to {@link #human()}, engine messages to stderr, clearing the live progress line. */
    ConsoleSink sink(TerminalProgress progress) {
        return new ConsoleSink(human(), System.err, progress);
    }

    /** Pull and upload progress on stderr, live when stderr is a terminal. */
    TerminalProgress progress() {
        return TerminalProgress.onStderr();
    }

    /** Prints {@code doc} on stdout when {@code --json} was given. */
    void print(JsonDocument doc, int exitCode) {
        if (json) {
            doc.print(System.out, exitCode);
        }
    }

    /** The options of {@code command}, when it has them as a mixin named {@code output}. */
    static Optional<OutputOptions> of(CommandLine command) {
        CommandSpec mixin = command.getCommandSpec().mixins().get("output");
        return mixin != null && mixin.userObject() instanceof OutputOptions o ? Optional.of(o) : Optional.empty();
    }
}
